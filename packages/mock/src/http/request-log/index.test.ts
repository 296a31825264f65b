import { describe, expect, it } from 'vitest';
import { createMockApp } from '../app/index.js';
import { Hono } from 'hono';
import { requestLogMiddleware, type RecordedRequest } from './index.js';

const post = (app: ReturnType<typeof createMockApp>['app'], path: string, body: string) =>
  app.request(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body });

describe('mock.requests records what each request sent', () => {
  it('keeps the parsed JSON body, images shortened to their length, so a test can assert what was sent', async () => {
    const requests: RecordedRequest[] = [];
    const { app } = createMockApp({ requests });
    const generation = JSON.stringify({ prompt: 'puppy', steps: 1, width: 8, height: 8 });
    await post(app, '/sdapi/v1/txt2img', generation);
    const image = JSON.stringify({ image: 'A'.repeat(5000) });
    await post(app, '/sdapi/v1/png-info', image);
    await app.request('/sdapi/v1/samplers');
    expect(requests.map(({ path, body, bodyBytes }) => ({ path, body, bodyBytes }))).toEqual([
      {
        path: '/sdapi/v1/txt2img',
        body: { prompt: 'puppy', steps: 1, width: 8, height: 8 },
        bodyBytes: generation.length,
      },
      { path: '/sdapi/v1/png-info', body: { image: '<5000 chars>' }, bodyBytes: image.length },
      { path: '/sdapi/v1/samplers', body: undefined, bodyBytes: undefined },
    ]);
  });

  it('records the size only for bodies that are not JSON or too large to keep', async () => {
    const requests: RecordedRequest[] = [];
    const { app } = createMockApp({ requests });
    await post(app, '/sdapi/v1/txt2img', '{"prompt": ');
    const many = JSON.stringify({ styles: Array.from({ length: 5000 }, (_, i) => `style ${i}`) });
    await post(app, '/sdapi/v1/txt2img', many);
    expect(requests.map(({ body, bodyBytes }) => ({ body, bodyBytes }))).toEqual([
      { body: undefined, bodyBytes: 11 },
      { body: undefined, bodyBytes: many.length },
    ]);
  });

  it('never reads a body itself: a body over the limit gets 413 and only its declared size is logged', async () => {
    const requests: RecordedRequest[] = [];
    const { app } = createMockApp({ requests, bodyLimitBytes: 100 });
    const response = await app.request('/sdapi/v1/txt2img', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': '200' },
      body: 'x'.repeat(200),
    });
    expect(response.status).toBe(413);
    expect(requests[0]?.body).toBeUndefined();
    expect(requests[0]?.bodyBytes).toBe(200);
  });

  it('keeps bodies within a total budget, dropping the oldest first', async () => {
    const requests: RecordedRequest[] = [];
    const app = new Hono();
    app.use(requestLogMiddleware(requests, { requests: 100, bodyBytes: 64, totalBodyBytes: 100 }));
    app.post('/echo', async (c) => c.json(await c.req.json()));
    const send = (n: number) =>
      app.request('/echo', { method: 'POST', body: JSON.stringify({ n, pad: 'x'.repeat(20) }) });
    for (let n = 0; n < 5; n++) await send(n);
    // Each body weighs 36 bytes: the newest two fit the 100-byte budget, the older ones lost theirs.
    expect(JSON.stringify({ n: 0, pad: 'x'.repeat(20) })).toHaveLength(36);
    expect(requests.map((request) => (request.body as { n: number } | undefined)?.n)).toEqual([
      undefined,
      undefined,
      undefined,
      3,
      4,
    ]);
    expect(requests.every((request) => request.bodyBytes === 36)).toBe(true);
  });

  it('keeps the newest requests only, past twice the limit', async () => {
    const requests: RecordedRequest[] = [];
    const app = new Hono();
    app.use(requestLogMiddleware(requests, { requests: 3, bodyBytes: 64, totalBodyBytes: 1000 }));
    app.get('/:n', (c) => c.text('ok'));
    for (let n = 0; n < 7; n++) await app.request(`/${n}`);
    expect(requests.map((request) => request.path)).toEqual(['/4', '/5', '/6']);
  });
});
