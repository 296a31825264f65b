import { createMockServer } from '@sdwebui/mock';
import { describe, expect, it } from 'vitest';
import { ConnectionError, createLongRunningFetch, createWebuiClient } from './node.js';

describe('the Node entry', () => {
  // undici checks its timeouts on a coarse (~1 s) timer, hence a latency well above the limit.
  it("waits for headers as long as the job takes; undici's header timeout would cut it", async () => {
    const server = await createMockServer({ faults: [{ route: 'POST /sdapi/v1/txt2img', latencyMs: 2500 }] });
    try {
      const impatient = createWebuiClient({
        baseUrl: server.url,
        fetch: createLongRunningFetch({ headersTimeoutMs: 300 }),
        target: 'a1111-1.10',
      });
      const cut = await impatient
        .txt2img({ steps: 1, width: 64, height: 64 })
        .result.catch((caught: unknown) => caught);
      expect(cut).toBeInstanceOf(ConnectionError);
      expect((cut as ConnectionError).code).toBe('UND_ERR_HEADERS_TIMEOUT');
      const patient = createWebuiClient({ baseUrl: server.url });
      expect((await patient.txt2img({ steps: 1, width: 64, height: 64 })).images).toHaveLength(1);
    } finally {
      await server.close();
    }
  });

  it('hands a custom fetch the long-running dispatcher, so wrapping fetch keeps long generations alive', async () => {
    const server = await createMockServer();
    try {
      const dispatchers: unknown[] = [];
      const client = createWebuiClient({
        baseUrl: server.url,
        fetch: (input, init) => {
          dispatchers.push((init as { dispatcher?: unknown } | undefined)?.dispatcher);
          return fetch(input, init);
        },
      });
      await client.samplers();
      expect(dispatchers).toHaveLength(1);
      expect(dispatchers[0]?.constructor.name).toBe('Agent');
      await client.withOptions({ timeoutMs: 1000 }).samplers();
      expect(dispatchers[1]?.constructor.name).toBe('Agent');
    } finally {
      await server.close();
    }
  });
});
