import { describe, expect, it } from 'vitest';
import { createMockApp, type RecordedRequest } from './index.js';

const spec = new TextEncoder().encode('{"openapi":"3.0.2","info":{},"paths":{}}');

describe('createMockApp (seed)', () => {
  it('serves the spec bytes verbatim at /openapi.json with X-Process-Time', async () => {
    const response = await createMockApp({ spec }).request('/openapi.json');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(response.headers.get('x-process-time')).toMatch(/^\d+\.\d{4}$/);
    expect(new Uint8Array(await response.arrayBuffer())).toEqual(spec);
  });

  it("answers unknown routes with FastAPI's 404 body", async () => {
    const response = await createMockApp({ spec }).request('/sdapi/v1/nope');
    expect(response.status).toBe(404);
    expect(await response.text()).toBe('{"detail":"Not Found"}');
  });

  it('serves /internal/sysinfo only when given a version, as --nowebui servers lack it', async () => {
    expect((await createMockApp({ spec }).request('/internal/sysinfo')).status).toBe(404);
    const response = await createMockApp({ spec, version: 'v1.10.1' }).request('/internal/sysinfo');
    expect(await response.json()).toMatchObject({ Version: 'v1.10.1' });
  });

  it('logs every request', async () => {
    const requests: RecordedRequest[] = [];
    await createMockApp({ spec, requests }).request('/openapi.json', { headers: { 'x-test': '1' } });
    expect(requests).toEqual([{ method: 'GET', path: '/openapi.json', headers: { 'x-test': '1' } }]);
  });
});
