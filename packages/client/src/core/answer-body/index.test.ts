/**
 * A hostile server's deeply nested JSON: V8 parses it slowly (10 MB of `[` holds the event loop
 * seconds) and code that walks or prints the value recursively overflows the stack.
 */
import { describe, expect, it } from 'vitest';
import { ApiError, BadResponseError, createWebuiClient } from '../../node.js';
import { answer, hostileServer, json } from '../../testing/hostile-server.js';
import { MAX_JSON_DEPTH } from '../json-depth/index.js';

const PNG_1x1 = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';

/** An array nested `depth` levels deep, as text. */
const nested = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;

async function clientOf(routes: Parameters<typeof hostileServer>[0]) {
  const server = await hostileServer(routes);
  return createWebuiClient({ baseUrl: server.url, target: 'a1111-1.10', checkNames: false, retry: { retries: 0 } });
}

describe('how deep the JSON a server answers may nest', () => {
  it('refuses a 2xx body nested deeper than the bound, before parsing it', async () => {
    const client = await clientOf({ 'GET /sdapi/v1/samplers': answer(200, nested(1_000_000)) });
    const error = await client.samplers().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(BadResponseError);
    expect((error as BadResponseError).problem).toBe(`the body nests more than ${MAX_JSON_DEPTH} levels deep`);
  });

  it('refuses a generation whose `info` string nests deeper than the bound (it is parsed apart)', async () => {
    const info = `{"infotexts": ["x"], "all_seeds": [1], "extra": ${nested(100_000)}}`;
    const client = await clientOf({ 'POST /sdapi/v1/txt2img': json({ images: [PNG_1x1], info, parameters: {} }) });
    const error = await client.txt2img({ prompt: 'p' }).result.catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(BadResponseError);
    expect((error as BadResponseError).problem).toBe('"info" is not a JSON object');
  });

  it('keeps an error body nested deeper than the bound as a note, not a value to walk', async () => {
    const client = await clientOf({ 'GET /sdapi/v1/samplers': answer(500, `{"detail": ${nested(100_000)}}`) });
    const error = await client.samplers().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(500);
    // What a CLI's --json or a logger does with an error: it must not overflow the stack.
    expect(typeof (error as ApiError).body).toBe('string');
    expect(() => JSON.stringify((error as ApiError).body)).not.toThrow();
  });

  it('still parses answers nested as deep as the bound', async () => {
    const body = JSON.stringify([{ name: 'Euler a', aliases: [], options: {} }]);
    const client = await clientOf({ 'GET /sdapi/v1/samplers': answer(200, body) });
    await expect(client.samplers()).resolves.toMatchObject([{ name: 'Euler a' }]);
    const deepOptions = `{"detail": ${nested(MAX_JSON_DEPTH - 1)}}`;
    const erring = await clientOf({ 'GET /sdapi/v1/samplers': answer(500, deepOptions) });
    const error = await erring.samplers().catch((caught: unknown) => caught);
    expect(typeof (error as ApiError).body).toBe('object');
  });
});
