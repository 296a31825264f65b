import { describe, expect, it } from 'vitest';
import { testMock } from '../../testing/test-mock.js';

const tinyPng = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAAAAAA6fptVAAAACklEQVR4nGNgAAAAAgABSK+kcQAAAABJRU5ErkJggg==';
const basic = (pair: string) => ({ authorization: `Basic ${Buffer.from(pair).toString('base64')}` });

/**
 * Issue #12 class 5: FastAPI routes first, reads and parses the body, then runs the route's
 * dependencies (the webui's auth), then validates; the webui's img2img handler decodes the
 * mask before it looks up the script, and the init images last, under the queue lock.
 */
describe('class 5: order of checks', () => {
  const { call } = testMock({ apiAuth: 'u:p' });

  it('broken JSON is 422 without credentials; a valid body without them is 401', async () => {
    const broken = await call('POST', '/sdapi/v1/txt2img', '{"prompt": ');
    expect(broken.status).toBe(422);
    expect(broken.json.detail[0].type).toBe('value_error.jsondecode');
    expect((await call('POST', '/sdapi/v1/txt2img', new Uint8Array([0x7b, 0xff, 0x7d]))).status).toBe(400);
    // Schema errors come after the dependency: credentials first.
    expect((await call('POST', '/sdapi/v1/txt2img', { steps: 'many' })).status).toBe(401);
    expect((await call('POST', '/sdapi/v1/txt2img', { steps: 'many' }, basic('u:p'))).status).toBe(422);
  });

  it('an unknown path is 404 and a wrong method 405 without credentials', async () => {
    expect((await call('GET', '/sdapi/v1/nope')).status).toBe(404);
    expect((await call('GET', '/sdapi/v1/txt2img')).status).toBe(405);
    expect((await call('POST', '/sdapi/v1/txt2img/')).status).toBe(307);
    expect((await call('GET', '/sdapi/v1/progress')).status).toBe(401);
  });

  it('img2img: the mask is decoded before the script lookup; the init images after the sampler', async () => {
    const { call: open } = testMock();
    const badMask = await open('POST', '/sdapi/v1/img2img', {
      init_images: [tinyPng],
      mask: 'not an image',
      script_name: 'nope',
    });
    expect(badMask).toMatchObject({ status: 500, json: { detail: 'Invalid encoded image' } });
    const badInit = await open('POST', '/sdapi/v1/img2img', { init_images: ['not an image'], script_name: 'nope' });
    expect(badInit).toMatchObject({ status: 422, json: { detail: "Script 'nope' not found" } });
    const v17 = testMock({ profile: 'a1111-1.7' });
    const sampler = await v17.call('POST', '/sdapi/v1/img2img', {
      init_images: ['not an image'],
      sampler_name: 'Nope',
    });
    expect(sampler).toMatchObject({ status: 404, json: { detail: 'Sampler not found' } });
    // No init images at all is checked first of all.
    expect((await open('POST', '/sdapi/v1/img2img', { mask: 'not an image' })).json.detail).toBe(
      'Init image not found',
    );
  });

  it('txt2img: the selectable script before the sampler, the sampler before the always-on scripts', async () => {
    const { call: v17 } = testMock({ profile: 'a1111-1.7' });
    expect((await v17('POST', '/sdapi/v1/txt2img', { script_name: 'nope', sampler_name: 'Nope' })).json.detail).toBe(
      "Script 'nope' not found",
    );
    expect(
      (await v17('POST', '/sdapi/v1/txt2img', { sampler_name: 'Nope', alwayson_scripts: { nope: {} } })).json.detail,
    ).toBe('Sampler not found');
  });
});
