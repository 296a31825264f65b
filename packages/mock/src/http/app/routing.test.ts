import { describe, expect, it } from 'vitest';
import { testMock } from '../../testing/test-mock.js';
import { createRouter } from './routing.js';

/** Issue #12 class 6: Starlette's router (redirect_slashes on) and its query parsing. */
describe('class 6: routing like Starlette', () => {
  it("a 405 carries Allow with the route's method; HEAD is not GET", async () => {
    const { call } = testMock();
    const post = await call('GET', '/sdapi/v1/txt2img');
    expect(post).toMatchObject({ status: 405, text: '{"detail":"Method Not Allowed"}' });
    expect(post.headers.get('allow')).toBe('POST');
    expect((await call('POST', '/sdapi/v1/progress')).headers.get('allow')).toBe('GET');
    expect((await call('DELETE', '/sdapi/v1/options')).headers.get('allow')).toBe('GET');
    const head = await call('HEAD', '/sdapi/v1/samplers');
    expect(head.status).toBe(405);
    expect(head.headers.get('allow')).toBe('GET');
  });

  it('a trailing slash is a 307 to the path without it, for any method, query kept', async () => {
    const { app } = testMock();
    const reply = await app.request('http://127.0.0.1:7860/sdapi/v1/txt2img/', { method: 'POST', body: '{}' });
    expect(reply.status).toBe(307);
    expect(reply.headers.get('location')).toBe('http://127.0.0.1:7860/sdapi/v1/txt2img');
    expect(await reply.text()).toBe('');
    const get = await app.request('http://127.0.0.1:7860/sdapi/v1/progress//?skip_current_image=true');
    expect(get.headers.get('location')).toBe('http://127.0.0.1:7860/sdapi/v1/progress?skip_current_image=true');
    expect((await app.request('/sdapi/v1/nope/')).status).toBe(404);
  });

  it('a repeated query parameter is read last-wins', async () => {
    const { call } = testMock();
    const reply = await call('GET', '/sdapi/v1/progress?skip_current_image=true&skip_current_image=maybe');
    expect(reply.status).toBe(422);
    expect(reply.json.detail[0].loc).toEqual(['query', 'skip_current_image']);
    expect((await call('GET', '/sdapi/v1/progress?skip_current_image=maybe&skip_current_image=true')).status).toBe(200);
  });

  it('createRouter: exact path first, then the slash toggled, else nothing', () => {
    const route = createRouter(
      new Map([
        ['/a', ['GET']],
        ['/b/', ['POST']],
      ]),
    );
    expect(route('GET', '/a')).toEqual({ kind: 'found' });
    expect(route('PUT', '/a')).toEqual({ kind: 'method-not-allowed', allow: 'GET' });
    expect(route('GET', '/a///')).toEqual({ kind: 'redirect', path: '/a' });
    expect(route('POST', '/b')).toEqual({ kind: 'redirect', path: '/b/' });
    expect(route('GET', '/c')).toEqual({ kind: 'none' });
  });
});
