import { describe, expect, it } from 'vitest';
import { testMock } from '../../testing/test-mock.js';

/**
 * Issue #12 class 1, "which fields take null", from `modules/api/models.py`: the generated
 * processing models wrap every processing-class field in `Optional[...]`; the fields the API
 * adds by hand keep their plain types; the extras, png-info and interrogate models declare
 * plain types with defaults. pydantic v1 rejects None for a plain type unless it defaults to None.
 */
const NONE = (field: string) => ({
  loc: ['body', field],
  msg: 'none is not an allowed value',
  type: 'type_error.none.not_allowed',
});
const tinyPng = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAAAAAA6fptVAAAACklEQVR4nGNgAAAAAgABSK+kcQAAAABJRU5ErkJggg==';

describe('class 1: which fields take null', () => {
  it('txt2img: processing fields take null, the hand-added plain fields reject it, in model field order', async () => {
    const { call } = testMock();
    const added = {
      sampler_index: null,
      script_args: null,
      send_images: null,
      save_images: null,
      alwayson_scripts: null,
    };
    const reply = await call('POST', '/sdapi/v1/txt2img', {
      ...added,
      steps: null,
      prompt: null,
      script_name: null,
      force_task_id: null,
      infotext: null,
    });
    expect(reply.status).toBe(422);
    expect(reply.json.detail).toEqual(
      ['sampler_index', 'script_args', 'send_images', 'save_images', 'alwayson_scripts'].map(NONE),
    );
  });

  it('txt2img: null in Optional fields is accepted and echoed', async () => {
    const { call } = testMock();
    const reply = await call('POST', '/sdapi/v1/txt2img', {
      prompt: 'x',
      steps: 2,
      sampler_name: null,
      styles: null,
      script_name: null,
      force_task_id: null,
    });
    expect(reply.status).toBe(200);
    expect(reply.json.parameters).toMatchObject({
      sampler_name: null,
      styles: null,
      script_name: null,
      force_task_id: null,
    });
  });

  it('img2img: also denoising_strength and include_init_images reject null; init_images and mask take it', async () => {
    const { call } = testMock();
    const reply = await call('POST', '/sdapi/v1/img2img', {
      init_images: null,
      mask: null,
      denoising_strength: null,
      include_init_images: null,
      sampler_index: null,
    });
    expect(reply.status).toBe(422);
    // Model order: the processing class's fields first (denoising_strength among them), then the added ones.
    expect(reply.json.detail).toEqual([NONE('denoising_strength'), NONE('sampler_index'), NONE('include_init_images')]);
    const accepted = await call('POST', '/sdapi/v1/img2img', {
      init_images: [tinyPng],
      mask: null,
      steps: 1,
      width: 8,
      height: 8,
    });
    expect(accepted.status).toBe(200);
  });

  it('the same rule in the 1.4 and 1.7 profiles', async () => {
    for (const profile of ['a1111-1.4', 'a1111-1.7'] as const) {
      const reply = await testMock({ profile }).call('POST', '/sdapi/v1/txt2img', { send_images: null, steps: null });
      expect(reply.json.detail, profile).toEqual([NONE('send_images')]);
    }
  });

  it('extras, png-info and interrogate: plain types with defaults reject null', async () => {
    const { call } = testMock();
    const extras = await call('POST', '/sdapi/v1/extra-single-image', {
      image: null,
      resize_mode: null,
      upscaler_1: null,
      upscaling_resize: null,
    });
    expect(extras.json.detail).toEqual([
      NONE('resize_mode'),
      NONE('upscaling_resize'),
      NONE('upscaler_1'),
      NONE('image'),
    ]);
    expect((await call('POST', '/sdapi/v1/png-info', { image: null })).json.detail).toEqual([NONE('image')]);
    expect((await call('POST', '/sdapi/v1/interrogate', { image: null, model: null })).json.detail).toEqual([
      NONE('image'),
      NONE('model'),
    ]);
    const batch = await call('POST', '/sdapi/v1/extra-batch-images', { imageList: [{ data: null, name: 'a' }] });
    expect(batch.json.detail).toEqual([
      {
        loc: ['body', 'imageList', 0, 'data'],
        msg: 'none is not an allowed value',
        type: 'type_error.none.not_allowed',
      },
    ]);
  });

  it('a field defaulting to None takes null (/internal/progress id_task), another default does not', async () => {
    const { call } = testMock();
    expect((await call('POST', '/internal/progress', { id_task: null })).status).toBe(200);
    expect((await call('POST', '/internal/progress', { id_task: 'x', id_live_preview: null })).json.detail).toEqual([
      NONE('id_live_preview'),
    ]);
  });

  it('an untyped list takes null items (script_args), a typed one does not (styles)', async () => {
    const { call } = testMock();
    const reply = await call('POST', '/sdapi/v1/txt2img', { script_args: [null, 1], styles: [null], steps: 1 });
    expect(reply.json.detail).toEqual([
      { loc: ['body', 'styles', 0], msg: 'none is not an allowed value', type: 'type_error.none.not_allowed' },
    ]);
    const ok = await call('POST', '/sdapi/v1/txt2img', { script_args: [null, 1], steps: 1, width: 8, height: 8 });
    expect(ok.json.parameters.script_args).toEqual([null, 1]);
  });
});
