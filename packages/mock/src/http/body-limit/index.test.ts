import { describe, expect, it } from 'vitest';
import { createMockApp } from '../app/index.js';

/** A request that counts reads of its web `body` stream (what builds a full Request on @hono/node-server). */
class CountingRequest extends Request {
  static bodyReads = 0;
  override get body() {
    CountingRequest.bodyReads++;
    return super.body;
  }
}

const post = (size: number, headers: Record<string, string>) =>
  new CountingRequest('http://127.0.0.1/sdapi/v1/txt2img', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ prompt: 'x'.repeat(size) }),
  });

describe('body limit', () => {
  const { app } = createMockApp({ bodyLimitBytes: 1000 });

  it('decides from Content-Length without touching the body stream', async () => {
    CountingRequest.bodyReads = 0;
    const small = await app.fetch(post(10, { 'content-length': '23' }));
    expect(small.status).toBe(200);
    const large = await app.fetch(post(2000, { 'content-length': '2013' }));
    expect(large.status).toBe(413);
    expect(await large.json()).toMatchObject({ error: 'HTTPException', detail: 'Payload Too Large' });
    expect(CountingRequest.bodyReads).toBe(0);
  });

  it('counts the bytes of a body without a length as they stream', async () => {
    const streamed = (size: number) =>
      new Request('http://127.0.0.1/sdapi/v1/txt2img', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: new Blob([JSON.stringify({ prompt: 'x'.repeat(size) })]).stream(),
        duplex: 'half',
      } as RequestInit);
    expect((await app.fetch(streamed(2000))).status).toBe(413);
    expect((await app.fetch(streamed(10))).status).toBe(200);
  });

  it('leaves GET alone: a declared length on a GET is no reason for 413', async () => {
    const get = new Request('http://127.0.0.1/sdapi/v1/samplers', { headers: { 'content-length': '5000' } });
    expect((await app.fetch(get)).status).toBe(200);
  });
});
