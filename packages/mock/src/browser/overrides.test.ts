import { describe, expect, it } from 'vitest';
import { OverrideList } from './overrides.js';

describe('the browser mock overrides', () => {
  it('answer the matching method and path, newest first, a given number of times, until reset', async () => {
    const list = new OverrideList();
    list.add({ method: 'post', path: '/sdapi/v1/txt2img', status: 500, body: { detail: 'first' } });
    list.add({ method: 'POST', path: '/sdapi/v1/txt2img', status: 503, body: { detail: 'newer' }, times: 1 });
    expect(list.answer('GET', '/sdapi/v1/txt2img')).toBeUndefined();
    expect(list.answer('POST', '/sdapi/v1/img2img')).toBeUndefined();
    const newer = list.answer('POST', '/sdapi/v1/txt2img');
    expect([newer?.status, await newer?.json(), newer?.headers.get('content-type')]).toEqual([
      503,
      { detail: 'newer' },
      'application/json',
    ]);
    expect(list.answer('POST', '/sdapi/v1/txt2img')?.status).toBe(500);
    expect(list.answer('POST', '/sdapi/v1/txt2img')?.status).toBe(500);
    list.reset();
    expect(list.answer('POST', '/sdapi/v1/txt2img')).toBeUndefined();
  });
});
