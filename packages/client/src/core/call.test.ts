import { describe, expect, it } from 'vitest';
import { answer, dropMidBody, hostileServer, json } from '../testing/hostile-server.js';
import { useMocks } from '../testing/mock-servers.js';
import {
  ApiError,
  BadResponseError,
  ConnectionError,
  createWebuiClient,
  type SdwebuiError,
  TimeoutError,
  type LogDetails,
} from '../node.js';

const mock = useMocks();
const PNG_1x1 = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';
const generation = (images: unknown) =>
  json({ images, info: '{"infotexts": ["x"], "all_seeds": [1]}', parameters: {} });

/** A client that sends names unchecked and knows the server's release, so only the call under test is made. */
const clientOf = (url: string) =>
  createWebuiClient({ baseUrl: url, target: 'a1111-1.10', checkNames: false, retry: { retries: 0 } });

async function failure(promise: PromiseLike<unknown>): Promise<SdwebuiError> {
  try {
    await promise;
  } catch (error) {
    return error as SdwebuiError;
  }
  throw new Error('expected a failure');
}

describe('answers that are not the webui JSON', () => {
  it.each([
    ['truncated JSON', answer(200, '{"images": ["iVBOR'), /not valid JSON \(application\/json; truncated or broken\)/],
    [
      'an HTML page',
      answer(200, '<!doctype html><h1>Welcome to nginx</h1>', { 'content-type': 'text/html' }),
      /HTML or XML \(text\/html\)/,
    ],
    ['an empty body', answer(200, ''), /the body is empty/],
    ['the wrong shape', json({ images: 5, info: 'x' }), /wrong shape: "images" is number, not array/],
    ['a list instead of an object', json([]), /wrong shape: the body is array, not an object/],
    ['invalid base64 in images', generation(['not base64!']), /images\[0\] is not a base64 image/],
    ['info that is not JSON', json({ images: [], info: 'oops', parameters: {} }), /"info" is not a JSON object/],
  ])('%s from txt2img is a BadResponseError, not a ConnectionError', async (_name, behaviour, message) => {
    const server = await hostileServer({ 'POST /sdapi/v1/txt2img': behaviour });
    const error = await failure(clientOf(server.url).txt2img({ steps: 1 }));
    expect(error).toBeInstanceOf(BadResponseError);
    expect(error.kind).toBe('bad-response');
    expect(error.message).toMatch(message);
    expect(error.message).not.toMatch(/is the webui running/);
  });

  it('decodes valid base64 images from the same kind of answer', async () => {
    const server = await hostileServer({ 'POST /sdapi/v1/txt2img': generation([PNG_1x1]) });
    const result = await clientOf(server.url).txt2img({ steps: 1 });
    expect(result.images[0]?.mimeType).toBe('image/png');
  });

  it('a list route answering an object is a BadResponseError', async () => {
    const server = await hostileServer({ 'GET /sdapi/v1/samplers': json({ detail: 'hi' }) });
    expect(await failure(clientOf(server.url).samplers())).toBeInstanceOf(BadResponseError);
  });
});

describe('advice fits what happened', () => {
  it('a socket dropped after the answer began is connection-lost, and never "is the webui running"', async () => {
    const server = await hostileServer({ 'POST /sdapi/v1/txt2img': dropMidBody });
    const error = await failure(clientOf(server.url).txt2img({ steps: 1 }));
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error.kind).toBe('connection-lost');
    expect(error.message).toMatch(/broke while the answer was arriving.*the work may have been done/);
    expect(error.message).not.toMatch(/is the webui running/);
  });

  it('a timed-out read says to raise timeoutMs and nothing about a generation', async () => {
    const slow = await mock({ faults: [{ route: 'GET /sdapi/v1/samplers', latencyMs: 2000 }] });
    const error = await failure(createWebuiClient({ baseUrl: slow.url, timeoutMs: 30 }).samplers());
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error.message).toBe('GET /sdapi/v1/samplers: no answer within 30 ms; raise timeoutMs if the server is busy');
  });
});

describe('retries', () => {
  it('honour Retry-After on 429 and then succeed', async () => {
    let calls = 0;
    const server = await hostileServer({
      'GET /sdapi/v1/samplers': (request, response, self) =>
        (calls++ === 0
          ? answer(429, '{"detail":"slow down"}', { 'content-type': 'application/json', 'retry-after': '0' })
          : json([{ name: 'Euler' }]))(request, response, self),
    });
    const log: Array<[string, LogDetails]> = [];
    const client = createWebuiClient({
      baseUrl: server.url,
      retry: { retries: 1, minDelayMs: 60_000 },
      logger: { warn: (message, details) => log.push([message, details]) },
    });
    expect(await client.samplers()).toEqual([{ name: 'Euler' }]);
    expect(log).toEqual([
      [
        'GET /sdapi/v1/samplers: HTTP 429, retrying in 0 ms',
        { operation: 'GET /sdapi/v1/samplers', attempt: 1, delayMs: 0 },
      ],
    ]);
  });
});

describe('error answers from a hostile server', () => {
  it('a malformed 422 is an ApiError, and a huge error detail is cut in the message but kept on the error', async () => {
    const detail = 'x'.repeat(100_000);
    const server = await hostileServer({
      'GET /sdapi/v1/samplers': json({ detail: [1, { loc: 'body' }] }, 422),
      'GET /sdapi/v1/upscalers': json({ error: 'RuntimeError', detail }, 500),
    });
    const malformed = await failure(clientOf(server.url).samplers());
    expect(malformed).toBeInstanceOf(ApiError);
    expect(malformed.message).toBe('GET /sdapi/v1/samplers: HTTP 422');
    const huge = await failure(clientOf(server.url).upscalers());
    expect(huge.message.length).toBeLessThan(600);
    expect((huge as ApiError).body).toEqual({ error: 'RuntimeError', detail });
  });
});
