import { describe, expect, it } from 'vitest';
import { createMockApp } from './index.js';

const get = (path: string, method = 'GET') => new Request(`http://127.0.0.1${path}`, { method });

/**
 * With no middleware configured, a GET meets one Hono handler and is answered synchronously:
 * @hono/node-server then writes it at once. Everything the middleware used to do still happens.
 */
describe('a plain GET takes the synchronous path', () => {
  const { app } = createMockApp();

  it('answers a catalogue GET with a Response, not a Promise, X-Process-Time included', async () => {
    const response = app.fetch(get('/sdapi/v1/samplers'));
    expect(response).toBeInstanceOf(Response);
    const answer = response as Response;
    expect(answer.status).toBe(200);
    expect(answer.headers.get('x-process-time')).toMatch(/^\d+\.\d{1,4}$/);
    expect(answer.headers.get('content-type')).toBe('application/json');
    expect((await answer.json())[0]).toHaveProperty('name');
  });

  it('routes like Starlette where no handler took the request, with X-Process-Time', async () => {
    const cases = [
      ['/sdapi/v1/nope', 'GET', 404],
      ['/sdapi/v1/txt2img', 'GET', 405],
      ['/sdapi/v1/samplers', 'HEAD', 405],
      ['/sdapi/v1/samplers/', 'GET', 307],
      ['/openapi.json', 'POST', 405],
    ] as const;
    for (const [path, method, status] of cases) {
      const response = await app.fetch(get(path, method));
      expect(response.status, `${method} ${path}`).toBe(status);
      expect(response.headers.get('x-process-time'), `${method} ${path}`).toMatch(/^\d+\.\d{1,4}$/);
    }
  });

  it("takes HEAD on FastAPI's own plain routes (Starlette adds it to their GET), not on API routes", async () => {
    for (const path of ['/docs', '/openapi.json']) {
      const response = await app.fetch(get(path, 'HEAD'));
      expect(response.status, path).toBe(200);
      expect(await response.text(), path).toBe('');
    }
    const refused = await app.fetch(get('/openapi.json', 'POST'));
    expect(refused.headers.get('allow')).toBe('GET, HEAD');
    expect((await app.fetch(get('/sdapi/v1/options', 'DELETE'))).headers.get('allow')).toBe('GET');
    const redirect = await app.fetch(get('/sdapi/v1/samplers/'));
    expect([redirect.status, redirect.headers.get('content-type')]).toEqual([307, null]);
  });

  it('serves /docs, built on first use, the same bytes each time', async () => {
    const first = await (await app.fetch(get('/docs'))).text();
    expect(first).toContain('<title>Mock webui v1.10.1</title>');
    expect(await (await app.fetch(get('/docs'))).text()).toBe(first);
  });

  it('a Forge profile (no X-Process-Time) takes the same path without the header', async () => {
    const forge = createMockApp({ profile: 'forge-2' }).app;
    const response = forge.fetch(get('/sdapi/v1/samplers')) as Response;
    expect(response).toBeInstanceOf(Response);
    expect(response.headers.get('x-process-time')).toBeNull();
    expect((await forge.fetch(get('/sdapi/v1/nope'))).headers.get('x-process-time')).toBeNull();
  });
});
