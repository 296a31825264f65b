import { describe, expect, it } from 'vitest';
import { testMock } from '../../testing/test-mock.js';

const WEBUI = (detail: string) => ({ error: 'HTTPException', detail, body: '', errors: '' });
const tinyPng = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAAAAAA6fptVAAAACklEQVR4nGNgAAAAAgABSK+kcQAAAABJRU5ErkJggg==';

describe('errors as the webui answers them', () => {
  it('framework 404 and 405 bodies', async () => {
    const { call } = testMock();
    expect(await call('GET', '/sdapi/v1/nope')).toMatchObject({ status: 404, text: '{"detail":"Not Found"}' });
    expect(await call('GET', '/sdapi/v1/txt2img')).toMatchObject({
      status: 405,
      text: '{"detail":"Method Not Allowed"}',
    });
    expect((await call('GET', '/sdapi/v1/samplers/x')).status).toBe(404);
  });

  it("a lone surrogate in an answer fails as Starlette's UTF-8 encoding does (500 UnicodeEncodeError)", async () => {
    const { call } = testMock();
    const echoed = await call(
      'POST',
      '/sdapi/v1/txt2img',
      '{"steps": 1, "width": 8, "height": 8, "prompt": "ab\\ud800"}',
    );
    expect(echoed.status).toBe(500);
    expect(echoed.json.error).toBe('UnicodeEncodeError');
    expect(echoed.json.errors).toMatch(
      /^'utf-8' codec can't encode character '\\ud800' in position \d+: surrogates not allowed$/,
    );
    // In a 422 too: the error item's input holds it (the position is a code-point index).
    const refused = await testMock({ profile: 'forge-2' }).call('POST', '/sdapi/v1/png-info', '{"prompt": "\\ud800"}');
    expect([refused.status, refused.json.message]).toEqual([
      500,
      "'utf-8' codec can't encode character '\\ud800' in position 94: surrogates not allowed",
    ]);
  });

  it('sampler names per release: 404 up to 1.9, split and fallback in 1.10', async () => {
    const v17 = testMock({ profile: 'a1111-1.7' });
    expect((await v17.call('POST', '/sdapi/v1/txt2img', { sampler_name: 'DPM++ 2M Karras', steps: 1 })).status).toBe(
      200,
    );
    const unknown = await v17.call('POST', '/sdapi/v1/txt2img', { sampler_name: 'Nope', steps: 1 });
    expect(unknown).toMatchObject({ status: 404, json: WEBUI('Sampler not found') });

    const v110 = testMock();
    const split = await v110.call('POST', '/sdapi/v1/txt2img', { sampler_name: 'DPM++ 2M Karras', steps: 1 });
    expect(JSON.parse(split.json.info).infotexts[0]).toContain('Sampler: DPM++ 2M, Schedule type: Karras,');
    const fallback = await v110.call('POST', '/sdapi/v1/txt2img', { sampler_name: 'Nope', steps: 1 });
    expect(JSON.parse(fallback.json.info).sampler_name).toBe('DPM++ 2M');
    const euler = await v110.call('POST', '/sdapi/v1/txt2img', {
      sampler_name: 'Euler a',
      scheduler: 'karras',
      steps: 1,
    });
    expect(JSON.parse(euler.json.info).infotexts[0]).toContain('Sampler: Euler a, Schedule type: Karras,');
  });

  it("scripts that do not exist: 422 in the webui shape, not FastAPI's", async () => {
    const { call } = testMock({ extensions: [] });
    expect(await call('POST', '/sdapi/v1/txt2img', { script_name: 'x/y/z plot 2' })).toMatchObject({
      status: 422,
      json: WEBUI("Script 'x/y/z plot 2' not found"),
    });
    expect(await call('POST', '/sdapi/v1/txt2img', { alwayson_scripts: { ControlNet: { args: [] } } })).toMatchObject({
      status: 422,
      json: WEBUI("Script 'ControlNet' not found"),
    });
  });

  it('image inputs: missing init image 404, bad base64 500, local URLs refused', async () => {
    const { call } = testMock();
    expect(await call('POST', '/sdapi/v1/img2img', { prompt: 'x' })).toMatchObject({
      status: 404,
      json: WEBUI('Init image not found'),
    });
    expect(await call('POST', '/sdapi/v1/img2img', { init_images: ['not an image'] })).toMatchObject({
      status: 500,
      json: WEBUI('Invalid encoded image'),
    });
    expect(await call('POST', '/sdapi/v1/png-info', { image: 'http://127.0.0.1/a.png' })).toMatchObject({
      status: 500,
      json: WEBUI('Request to local resource not allowed'),
    });
    expect(await call('POST', '/sdapi/v1/interrogate', { image: '' })).toMatchObject({
      status: 500,
      json: WEBUI('Invalid encoded image'),
    });
    expect(await call('POST', '/sdapi/v1/interrogate', { image: tinyPng, model: 'blip' })).toMatchObject({
      status: 404,
      json: WEBUI('Model not found'),
    });
  });

  it('img2img and extras work on a real PNG, output size as requested', async () => {
    const { call } = testMock();
    const made = await call('POST', '/sdapi/v1/img2img', {
      init_images: [tinyPng],
      prompt: 'cat',
      steps: 2,
      width: 64,
      height: 32,
      denoising_strength: 0.5,
    });
    expect(made.status).toBe(200);
    const out = Buffer.from(made.json.images[0], 'base64');
    expect([out.readUInt32BE(16), out.readUInt32BE(20)]).toEqual([64, 32]);
    expect(made.json.parameters.init_images).toBeNull();
    expect(JSON.parse(made.json.info).infotexts[0]).toContain('Denoising strength: 0.5');
    const up = await call('POST', '/sdapi/v1/extra-single-image', {
      image: tinyPng,
      upscaling_resize: 4,
      upscaler_1: 'Lanczos',
    });
    expect(up.json.html_info).toBe('<p>Postprocess upscale by: 4.0, Postprocess upscaler: Lanczos</p>');
    const upscaled = Buffer.from(up.json.image, 'base64');
    expect([upscaled.readUInt32BE(16), upscaled.readUInt32BE(20)]).toEqual([4, 4]);
    expect(await call('POST', '/sdapi/v1/extra-single-image', { image: tinyPng, upscaler_1: 'Magic' })).toMatchObject({
      status: 500,
      json: { error: 'Exception', detail: '', body: '', errors: 'could not find upscaler named Magic' },
    });
  });

  it('deeply nested and oversized bodies get an error reply, not a crash', async () => {
    const { call } = testMock({ bodyLimitBytes: 1024 });
    expect((await call('POST', '/sdapi/v1/txt2img', { prompt: 'x'.repeat(2000) })).status).toBe(413);
    const deep = `${'['.repeat(5000)}${']'.repeat(5000)}`;
    const nested = await testMock().call('POST', '/sdapi/v1/txt2img', `{"prompt": ${deep}}`);
    expect(nested).toMatchObject({ status: 400, text: '{"detail":"There was an error parsing the body"}' });
  });
});
