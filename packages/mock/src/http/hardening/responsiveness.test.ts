import { describe, expect, it } from 'vitest';
import { createMockServer } from '../server/index.js';

/**
 * Pings `/internal/ping` back to back while `work` runs and returns each ping's latency. A server
 * whose request handling blocks the event loop answers few pings, late.
 */
async function pingWhile(url: string, work: Promise<unknown>): Promise<number[]> {
  let running = true;
  void work.finally(() => (running = false));
  const latencies: number[] = [];
  while (running) {
    const start = performance.now();
    await (await fetch(`${url}/internal/ping`)).text();
    latencies.push(performance.now() - start);
  }
  await work;
  return latencies;
}

/** Ping latencies of an idle server: the same loop, for a fixed number of pings. */
async function idlePings(url: string, count: number): Promise<number[]> {
  const latencies: number[] = [];
  for (let i = 0; i < count; i++) {
    const start = performance.now();
    await (await fetch(`${url}/internal/ping`)).text();
    latencies.push(performance.now() - start);
  }
  return latencies;
}

describe('the server stays responsive while one large allowed request runs', () => {
  it.each([
    ['the most pixels allowed (4096² × 4)', { width: 4096, height: 4096, batch_size: 4 }],
    ['the widest image allowed (16384 × 2048)', { width: 16_384, height: 2048 }],
    ['a 128 KB prompt × 8 images', { prompt: 'x'.repeat(128_000), width: 64, height: 64, batch_size: 8 }],
  ])('%s: /internal/ping keeps answering', async (_, size) => {
    const mock = await createMockServer({ logRequests: false });
    try {
      const idle = Math.max(...(await idlePings(mock.url, 200)));
      const request = fetch(`${mock.url}/sdapi/v1/txt2img`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ prompt: 'x', steps: 1, ...size }),
      }).then(async (response) => ({ status: response.status, text: await response.text() }));
      const latencies = await pingWhile(mock.url, request);
      // Parsed only now: this process is the server too, and parsing is client work.
      const { status, text } = await request;
      expect(status).toBe(200);
      expect(JSON.parse(text).images.length).toBe('batch_size' in size ? size.batch_size : 1);
      // Rendering yields between row batches and images, so pings interleave with the work;
      // the old synchronous encoder left one ping waiting for the whole job (~1 s). On a machine
      // so loaded that even idle pings are slow, the bound grows with the idle worst case.
      const worst = Math.max(...latencies);
      console.info(
        `ping while generating: max ${Math.round(worst)} ms over ${latencies.length} pings ` +
          `(idle max ${Math.round(idle)} ms)`,
      );
      expect(worst).toBeLessThan(Math.max(100, 4 * idle));
    } finally {
      await mock.close();
    }
  });
});
