import { describe, expect, it } from 'vitest';
import { answer, endless, hostileServer } from '../../testing/hostile-server.js';
import { createWebuiClient, ResponseTooLargeError } from '../../node.js';
import { DEFAULT_MAX_RESPONSE_BYTES } from './index.js';

const MiB = 1024 * 1024;

describe('the response size limit', () => {
  it('defaults to 256 MiB: room for a batch of 8 large PNGs, under the longest string V8 can parse', () => {
    expect(DEFAULT_MAX_RESPONSE_BYTES).toBe(256 * MiB);
  });

  it('stops reading an endless body, closes the connection and fails with ResponseTooLargeError', async () => {
    const server = await hostileServer({ 'POST /sdapi/v1/txt2img': endless, 'GET /sdapi/v1/samplers': endless });
    const client = createWebuiClient({
      baseUrl: server.url,
      target: 'a1111-1.10',
      checkNames: false,
      maxResponseBytes: 2 * MiB,
    });
    const rssBefore = process.memoryUsage().rss;
    const error = await client.txt2img({ steps: 1 }).result.catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ResponseTooLargeError);
    expect(error).toMatchObject({ kind: 'too-large', limitBytes: 2 * MiB, operation: 'POST /sdapi/v1/txt2img' });
    await server.endlessClosed;
    // What was written is the limit plus what socket buffers held when the client stopped.
    expect(server.endlessBytes).toBeLessThan(64 * MiB);
    expect(process.memoryUsage().rss - rssBefore).toBeLessThan(200 * MiB);
    // Reads are not retried past the limit either.
    await expect(client.samplers()).rejects.toBeInstanceOf(ResponseTooLargeError);
    expect(server.requests.filter((request) => request.path === '/sdapi/v1/samplers')).toHaveLength(1);
  });

  it('fails before reading when Content-Length already says too much, also through client.raw and its per-call fetch', async () => {
    const body = JSON.stringify([{ name: 'x'.repeat(4096) }]);
    const server = await hostileServer({
      'GET /sdapi/v1/samplers': answer(200, body, {
        'content-type': 'application/json',
        'content-length': String(body.length),
      }),
    });
    const client = createWebuiClient({ baseUrl: server.url, maxResponseBytes: 1024 });
    await expect(client.samplers()).rejects.toBeInstanceOf(ResponseTooLargeError);
    await expect(client.raw.GET('/sdapi/v1/samplers')).rejects.toBeInstanceOf(ResponseTooLargeError);
    // A fetch given to one raw call replaces the client's, and still meets the limit.
    const ownFetch = (request: Request) => fetch(request);
    await expect(client.raw.GET('/sdapi/v1/samplers', { fetch: ownFetch })).rejects.toBeInstanceOf(
      ResponseTooLargeError,
    );
    expect((await client.withOptions({ maxResponseBytes: 8192 }).samplers())[0]?.name).toHaveLength(4096);
  });
});
