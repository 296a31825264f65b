import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { faultMatches, faultMiddleware, parseFault } from './index.js';

describe('parseFault', () => {
  it.each([
    ['GET /sdapi/v1/samplers:latency=2000', { route: 'GET /sdapi/v1/samplers', latencyMs: 2000 }],
    ['/sdapi/v1/*:status=500,rate=0.25', { route: '/sdapi/v1/*', status: 500, rate: 0.25 }],
    ['*:drop=mid-body', { route: '*', drop: 'mid-body' }],
  ])('%s', (text, fault) => {
    expect(parseFault(text)).toEqual(fault);
  });

  it.each(['no-colon', '*:latency=-1', '*:status=99', '*:rate=2', '*:drop=sometimes', '*:color=red'])(
    'rejects %s',
    (text) => {
      expect(() => parseFault(text)).toThrow(/fault/);
    },
  );
});

describe('faultMatches', () => {
  it.each([
    ['*', 'GET', '/anything', true],
    ['/sdapi/v1/*', 'POST', '/sdapi/v1/txt2img', true],
    ['/sdapi/v1/*', 'GET', '/internal/ping', false],
    ['POST /sdapi/v1/txt2img', 'POST', '/sdapi/v1/txt2img', true],
    ['POST /sdapi/v1/txt2img', 'GET', '/sdapi/v1/txt2img', false],
    ['/sdapi/v1/txt2img', 'GET', '/sdapi/v1/txt2img/', false],
  ] as const)('%s vs %s %s → %s', (route, method, path, expected) => {
    expect(faultMatches({ route }, method, path)).toBe(expected);
  });
});

describe('faultMiddleware', () => {
  const appWith = (...args: Parameters<typeof faultMiddleware>) => {
    const app = new Hono();
    app.use(faultMiddleware(...args));
    app.get('/ok', (c) => c.json({ ok: true }));
    return app;
  };

  it("answers the fault's status with the webui error body", async () => {
    const response = await appWith([{ route: '/ok', status: 503 }]).request('/ok');
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({
      error: 'HTTPException',
      detail: 'Service Unavailable',
      body: '',
      errors: '',
    });
  });

  it('applies a status only at its rate', async () => {
    const rolls = [0.1, 0.9];
    const app = appWith([{ route: '/ok', status: 500, rate: 0.5 }], () => rolls.shift() as number);
    expect((await app.request('/ok')).status).toBe(500);
    expect((await app.request('/ok')).status).toBe(200);
  });

  it('delays by the latency', async () => {
    const started = performance.now();
    const response = await appWith([{ route: '/ok', latencyMs: 50 }]).request('/ok');
    expect(response.status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(45);
  });
});
