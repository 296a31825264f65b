import { describe, expect, it } from 'vitest';
import { testMock } from '../../testing/test-mock.js';

/** FastAPI 0.94 + pydantic 1.10 behaviour, as the behaviour notes' probe recorded it. */
describe('request validation like FastAPI + pydantic v1', () => {
  it('coerces leniently and echoes the coerced request, ints as floats for float fields', async () => {
    const { call } = testMock();
    const reply = await call('POST', '/sdapi/v1/txt2img', {
      prompt: 'x',
      steps: '3',
      width: 64.9,
      height: '64',
      cfg_scale: 7,
      restore_faces: 'yes',
      tiling: 0,
      unknown_field: 1,
    });
    expect(reply.status).toBe(200);
    expect(reply.text).toContain('"steps":3,');
    expect(reply.text).toContain('"width":64,"height":64,');
    expect(reply.text).toContain('"cfg_scale":7.0,');
    expect(reply.text).toContain('"restore_faces":true,"tiling":false,');
    expect(reply.text).toContain('"subseed_strength":0,');
    expect(reply.json.parameters).not.toHaveProperty('unknown_field');
  });

  it('accepts null for optional fields', async () => {
    const { call } = testMock();
    const reply = await call('POST', '/sdapi/v1/txt2img', { prompt: 'x', steps: 2, sampler_name: null, styles: null });
    expect(reply.status).toBe(200);
    expect(reply.json.parameters.sampler_name).toBeNull();
  });

  it('answers byte-identical 422 bodies for values that cannot be coerced', async () => {
    const { call } = testMock();
    const reply = await call('POST', '/sdapi/v1/txt2img', {
      steps: 'twenty',
      cfg_scale: 'x',
      styles: 'a',
      restore_faces: 'maybe',
      prompt: ['a'],
    });
    expect(reply.status).toBe(422);
    expect(reply.text).toBe(
      '{"detail":[' +
        '{"loc":["body","prompt"],"msg":"str type expected","type":"type_error.str"},' +
        '{"loc":["body","styles"],"msg":"value is not a valid list","type":"type_error.list"},' +
        '{"loc":["body","steps"],"msg":"value is not a valid integer","type":"type_error.integer"},' +
        '{"loc":["body","cfg_scale"],"msg":"value is not a valid float","type":"type_error.float"},' +
        '{"loc":["body","restore_faces"],"msg":"value could not be parsed to a boolean","type":"type_error.bool"}]}',
    );
  });

  it('reports broken JSON, a non-object body and a missing body as FastAPI does', async () => {
    const { call } = testMock();
    expect((await call('POST', '/sdapi/v1/txt2img', '{"prompt": "x",}')).text).toBe(
      '{"detail":[{"loc":["body",15],"msg":"Expecting property name enclosed in double quotes: line 1 column 16 (char 15)","type":"value_error.jsondecode","ctx":{"msg":"Expecting property name enclosed in double quotes","doc":"{\\"prompt\\": \\"x\\",}","pos":15,"lineno":1,"colno":16}}]}',
    );
    expect((await call('POST', '/sdapi/v1/txt2img', '[1, 2]')).text).toBe(
      '{"detail":[{"loc":["body"],"msg":"value is not a valid dict","type":"type_error.dict"}]}',
    );
    expect((await call('POST', '/sdapi/v1/txt2img')).text).toBe(
      '{"detail":[{"loc":["body"],"msg":"field required","type":"value_error.missing"}]}',
    );
    // A JSON text sent as text/plain is not parsed by FastAPI: the model gets bytes.
    expect((await call('POST', '/sdapi/v1/txt2img', '{"prompt": "x"}', { 'content-type': 'text/plain' })).text).toBe(
      '{"detail":[{"loc":["body"],"msg":"value is not a valid dict","type":"type_error.dict"}]}',
    );
    expect((await call('POST', '/sdapi/v1/png-info', {})).text).toBe(
      '{"detail":[{"loc":["body","image"],"msg":"field required","type":"value_error.missing"}]}',
    );
  });

  it('checks literals and bounds (extras resize_mode, upscaling limits in 1.7)', async () => {
    const { call } = testMock({ profile: 'a1111-1.7' });
    const reply = await call('POST', '/sdapi/v1/extra-single-image', {
      image: '',
      resize_mode: 2,
      upscaling_resize: 9,
    });
    expect(reply.status).toBe(422);
    expect(reply.json.detail).toEqual([
      {
        loc: ['body', 'resize_mode'],
        msg: 'unexpected value; permitted: 0, 1',
        type: 'value_error.const',
        ctx: { given: 2, permitted: [0, 1] },
      },
      {
        loc: ['body', 'upscaling_resize'],
        msg: 'ensure this value is less than or equal to 8',
        type: 'value_error.number.not_le',
        ctx: { limit_value: 8 },
      },
    ]);
  });

  it('validates query parameters', async () => {
    const { call } = testMock();
    const reply = await call('GET', '/sdapi/v1/progress?skip_current_image=perhaps');
    expect(reply.text).toBe(
      '{"detail":[{"loc":["query","skip_current_image"],"msg":"value could not be parsed to a boolean","type":"type_error.bool"}]}',
    );
  });
});
