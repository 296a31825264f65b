import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createMockApp } from '../app/index.js';

type App = import('hono').Hono;

async function call(app: App, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const init: RequestInit = { method, headers: { ...headers } };
  if (body !== undefined) {
    init.body = JSON.stringify(body);
    (init.headers as Record<string, string>)['content-type'] = 'application/json';
  }
  const response = await app.request(path, init);
  const text = await response.text();
  return { status: response.status, headers: response.headers, text, json: text ? JSON.parse(text) : undefined };
}

const small = { prompt: 'a cat', steps: 2, width: 64, height: 64 };

describe("the sdnext profile's middleware", () => {
  it('bills a generation after it ran: the one over the limit is generated, then answered 429 without Retry-After', async () => {
    const { app, webui } = createMockApp({ profile: 'sdnext', rateLimit: 10, now: () => 1_800_000_000_000 });
    const answers = [];
    for (let i = 0; i < 3; i++) answers.push(await call(app, 'POST', '/sdapi/v1/txt2img', small));
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 429]);
    const refused = answers[2] as Awaited<ReturnType<typeof call>>;
    expect(refused.text).toBe(
      '{"error":"HTTPException","code":429,"detail":"testclient:/sdapi/v1/txt2img: rate limit exceeded","body":"","errors":"429: testclient:/sdapi/v1/txt2img: rate limit exceeded"}',
    );
    expect([...refused.headers.keys()]).toEqual(['content-type']);
    // The refused request's job ran: three API jobs began and ended.
    const jobs = webui.state.entries().filter((entry) => entry.job === 'api-txt');
    expect(jobs.map((entry) => entry.op)).toEqual(['begin', 'end', 'begin', 'end', 'begin', 'end']);
    // Another path has its own bucket; the option switches the limiter off.
    expect((await call(app, 'GET', '/sdapi/v1/version')).status).toBe(200);
    await call(app, 'POST', '/sdapi/v1/options', { server_rate_limit: 0 });
    expect((await call(app, 'POST', '/sdapi/v1/txt2img', small)).status).toBe(200);
  });

  it('lets a window pass on the injected clock, and never limits with rateLimit false', async () => {
    const clock = { ms: 1_800_000_000_000 };
    const { app } = createMockApp({ profile: 'sdnext', rateLimit: 1, now: () => clock.ms });
    expect((await call(app, 'GET', '/sdapi/v1/status')).status).toBe(200);
    expect((await call(app, 'GET', '/sdapi/v1/status')).status).toBe(429);
    clock.ms += 120_000;
    expect((await call(app, 'GET', '/sdapi/v1/status')).status).toBe(200);
    const off = createMockApp({ profile: 'sdnext', rateLimit: false }).app;
    for (let i = 0; i < 70; i++) expect((await call(off, 'GET', '/sdapi/v1/status')).status).toBe(200);
  });

  it("wraps HTTPExceptions in the envelope with X-Process-Time, escaped exceptions without, FastAPI's own answers plain", async () => {
    const { app } = createMockApp({ profile: 'sdnext' });
    const sampler = await call(app, 'POST', '/sdapi/v1/txt2img', { sampler_name: 'DPM++ 2M Karras' });
    expect([sampler.status, sampler.text]).toEqual([
      404,
      '{"error":"HTTPException","code":404,"detail":"Sampler not found","body":"","errors":"404: Sampler not found"}',
    ]);
    expect(sampler.headers.has('x-process-time')).toBe(true);
    const schedulers = await call(app, 'GET', '/sdapi/v1/schedulers');
    expect([schedulers.status, schedulers.json.error, schedulers.json.body.length]).toEqual([
      500,
      'ResponseValidationError',
      137,
    ]);
    expect(schedulers.headers.has('x-process-time')).toBe(false);
    expect((await call(app, 'GET', '/sdapi/v1/nope')).text).toBe('{"detail":"Not Found"}');
    const interrupt = await call(app, 'POST', '/sdapi/v1/interrupt');
    expect([interrupt.status, interrupt.text, interrupt.headers.get('content-type')]).toEqual([204, '', null]);
  });

  it('serves its document at /openapi.json, or the 500 of 058a7f0 when asked', async () => {
    const served = await call(createMockApp({ profile: 'sdnext' }).app, 'GET', '/openapi.json');
    const capture = readFileSync(
      new URL('../../../../../spec/captures/sdnext-058a7f0.openapi.json', import.meta.url),
      'utf8',
    );
    expect(served.text).toBe(capture);
    const faithful = await call(createMockApp({ profile: 'sdnext', openapiError: true }).app, 'GET', '/openapi.json');
    expect([faithful.status, faithful.json.error]).toEqual([500, 'PydanticInvalidForJsonSchema']);
  });

  it("answers --auth's 401s in the envelope, without WWW-Authenticate", async () => {
    const { app } = createMockApp({ profile: 'sdnext', apiAuth: 'user:pass' });
    const none = await call(app, 'GET', '/sdapi/v1/version');
    const wrong = await call(app, 'GET', '/sdapi/v1/version', undefined, {
      authorization: `Basic ${Buffer.from('user:nope').toString('base64')}`,
    });
    expect([none.status, none.json.detail, wrong.json.detail]).toEqual([401, 'Not authenticated', 'Unauthorized']);
    expect(none.headers.has('www-authenticate')).toBe(false);
    const good = await call(app, 'GET', '/sdapi/v1/cmd-flags', undefined, {
      authorization: `Basic ${Buffer.from('user:pass').toString('base64')}`,
    });
    expect(good.json.auth).toBe('user:pass');
  });
});
