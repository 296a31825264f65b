import { describe, expect, it } from 'vitest';
import { createMockServer } from '../server/index.js';

const gc = (globalThis as { gc?: () => void }).gc;

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
            fetch(`${server.url}/sdapi/v1/txt2img`, {
              method: 'POST',
              headers: { 'content-type': 'application/json' },
              body: JSON.stringify({
                prompt: `soak ${round}-${index}`,
                steps: 1,
                width: 16,
                height: 16,
                force_task_id: `r${round}-${index}`,
              }),
            }).then((response) => response.status),
          ),
        );
        expect(replies.every((status) => status === 200)).toBe(true);
        gc?.();
        heap.push(process.memoryUsage().heapUsed);
      }
      expect(finished).toEqual(arrival);
      expect(finished).toHaveLength(4000);
      expect(server.state.registry.pending).toEqual([]);
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
