import { describe, expect, it } from 'vitest';
import { testMock, until } from '../../testing/test-mock.js';

describe('GET/POST /sdapi/v1/options', () => {
  it('returns every declared option, int-default ones as floats', async () => {
    // A bare webui: installed extensions add their own settings after these.
    const { call, webui } = testMock({ extensions: [] });
    const reply = await call('GET', '/sdapi/v1/options');
    const declared = Object.keys((webui.spec.components?.schemas?.Options?.properties ?? {}) as object);
    expect(Object.keys(reply.json)).toEqual(declared);
    expect(declared.length).toBeGreaterThan(300);
    expect(reply.text).toContain('"CLIP_stop_at_last_layers":1.0');
    expect(reply.text).toContain('"samples_format":"png"');
    expect(reply.json.sd_checkpoint_hash).toBe('6ce0161689b3853acaa03779ec93eafe75a02f4ced659bee03f50797806fa2fa');
  });

  it('applies keys in order, stores values as sent, and raises KeyError after earlier keys were applied', async () => {
    const { call } = testMock();
    const reply = await call('POST', '/sdapi/v1/options', {
      jpeg_quality: '90',
      no_such_option: 1,
      samples_format: 'jpg',
    });
    expect(reply).toMatchObject({
      status: 500,
      json: { error: 'KeyError', detail: '', body: '', errors: "'no_such_option'" },
    });
    const options = await call('GET', '/sdapi/v1/options');
    expect(options.text).toContain('"jpeg_quality":90.0');
    expect(options.json.samples_format).toBe('png');
    await call('POST', '/sdapi/v1/options', { jpeg_quality: 'ninety' });
    expect((await call('GET', '/sdapi/v1/options')).json).toMatchObject({
      error: 'ValidationError',
      errors: expect.stringContaining('jpeg_quality'),
    });
  });

  it('checks the checkpoint before applying anything', async () => {
    const { call } = testMock();
    const reply = await call('POST', '/sdapi/v1/options', { jpeg_quality: 10, sd_model_checkpoint: "it's gone" });
    expect(reply.json).toEqual({ error: 'RuntimeError', detail: '', body: '', errors: `model "it's gone" not found` });
    expect((await call('GET', '/sdapi/v1/options')).json.jpeg_quality).toBe(80);
  });

  it('ignores the options the API may not change', async () => {
    const { call } = testMock();
    await call('POST', '/sdapi/v1/options', { api_enable_requests: false });
    expect((await call('GET', '/sdapi/v1/options')).json.api_enable_requests).toBe(true);
  });

  it("rejects a body that is not an object with FastAPI's 422", async () => {
    const { call } = testMock();
    expect((await call('POST', '/sdapi/v1/options', '"x"')).text).toBe(
      '{"detail":[{"loc":["body"],"msg":"value is not a valid dict","type":"type_error.dict"}]}',
    );
  });

  it('before 1.5 an unknown checkpoint silently loads the first model', async () => {
    const { call } = testMock({ profile: 'a1111-1.4' });
    await call('POST', '/sdapi/v1/options', { sd_model_checkpoint: 'deliberate_v2' });
    expect((await call('POST', '/sdapi/v1/options', { sd_model_checkpoint: 'nope' })).status).toBe(200);
    expect((await call('GET', '/sdapi/v1/options')).json.sd_model_checkpoint).toBe(
      'v1-5-pruned-emaonly.safetensors [6ce0161689]',
    );
  });

  it('override_settings: unknown key is a KeyError, unknown model silently ignored, restore can be turned off', async () => {
    const { call } = testMock();
    expect((await call('POST', '/sdapi/v1/txt2img', { steps: 1, override_settings: { nope: 1 } })).json).toMatchObject({
      error: 'KeyError',
      errors: "'nope'",
    });
    const ignored = await call('POST', '/sdapi/v1/txt2img', {
      steps: 1,
      override_settings: { sd_model_checkpoint: 'missing' },
    });
    expect(JSON.parse(ignored.json.info).infotexts[0]).toContain('Model: v1-5-pruned-emaonly');
    await call('POST', '/sdapi/v1/txt2img', {
      steps: 1,
      override_settings: { jpeg_quality: 5 },
      override_settings_restore_afterwards: false,
    });
    expect((await call('GET', '/sdapi/v1/options')).json.jpeg_quality).toBe(5);
  });

  it('a model switch waits for the running generation', async () => {
    const { call, webui } = testMock({ stepMs: 10 });
    const job = call('POST', '/sdapi/v1/txt2img', { prompt: 'x', steps: 20 });
    await until(() => webui.state.jobCount > 0 && webui.state.samplingStep > 0);
    const order: string[] = [];
    const switched = call('POST', '/sdapi/v1/options', { sd_model_checkpoint: 'deliberate_v2' }).then(() =>
      order.push('switch'),
    );
    const generated = job.then(() => order.push('job'));
    await Promise.all([switched, generated]);
    expect(order).toEqual(['job', 'switch']);
    expect(JSON.parse((await job).json.info).sd_model_name).toBe('v1-5-pruned-emaonly');
    expect(webui.options.checkpoint.model_name).toBe('deliberate_v2');
  });
});
