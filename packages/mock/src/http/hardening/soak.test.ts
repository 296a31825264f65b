import { request } from 'node:http';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { createMockServer } from '../server/index.js';

// A full collection before each reading, so the heap compared is what is still held, not garbage
// a busy or idle machine happened to leave uncollected (without one the readings wandered ±10 %).
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/**
 * POSTs one txt2img on a connection of its own (no keep-alive pool), so the process's heap after a
 * round holds what the server keeps, not sockets and buffers a client happened to pool.
 */
function txt2img(url: string, body: unknown): Promise<number> {
  return new Promise((resolve, reject) => {
    const sent = request(`${url}/sdapi/v1/txt2img`, {
      method: 'POST',
      agent: false,
      headers: { 'content-type': 'application/json' },
    });
    sent.on('response', (response) => response.resume().on('end', () => resolve(response.statusCode ?? 0)));
    sent.on('error', reject);
    sent.end(JSON.stringify(body));
  });
}

describe('soak', () => {
  it('serves rounds of 1,000 concurrent generations in FIFO order with flat memory', async () => {
    const server = await createMockServer({ logRequests: false });
    const arrival: string[] = [];
    const add = server.state.registry.add.bind(server.state.registry);
    server.state.registry.add = (id: string) => {
      arrival.push(id);
      add(id);
    };
    const finished: string[] = [];
    const finish = server.state.registry.finish.bind(server.state.registry);
    server.state.registry.finish = (id: string) => {
      finished.push(id);
      finish(id);
    };
    const heap: number[] = [];
    try {
      for (let round = 0; round < 4; round++) {
        const replies = await Promise.all(
          Array.from({ length: 1000 }, (_, index) =>
            txt2img(server.url, {
              prompt: `soak ${round}-${index}`,
              steps: 1,
              width: 16,
              height: 16,
              force_task_id: `r${round}-${index}`,
            }),
          ),
        );
        expect(replies.every((status) => status === 200)).toBe(true);
        gc();
        heap.push(process.memoryUsage().heapUsed);
      }
      expect(finished).toEqual(arrival);
      expect(finished).toHaveLength(4000);
      expect(server.state.registry.pending).toEqual([]);
      console.info(`heap after each round: ${heap.map((bytes) => (bytes / 2 ** 20).toFixed(1)).join(' → ')} MiB`);
      // Round 1 warms up; later rounds must not grow the heap by more than 10%.
      const [, warm, ...later] = heap as [number, number, ...number[]];
      for (const used of later)
        expect(
          Math.abs(used - warm) / warm,
          `heap ${heap.map((bytes) => Math.round(bytes / 2 ** 20)).join(' → ')} MiB`,
        ).toBeLessThan(0.1);
    } finally {
      await server.close();
    }
  }, 120_000);
});
