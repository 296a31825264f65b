import { describe, expect, it } from 'vitest';
import { createMockApp } from '../../http/app/index.js';
import { testMock } from '../../testing/test-mock.js';

// Forge's `sysinfo.set_config`/`get_config` behind its pydantic-2 Options model, and its
// `process_images` override handling (dfdcbab), checked against its real API code (src/testing/forge-v2-corpus).
describe('forge-2 settings', () => {
  it("lists options in its document's order, int-typed ones as floats, and lets the API change restricted ones", async () => {
    const { call } = testMock({ profile: 'forge-2' });
    const options = await call('GET', '/sdapi/v1/options');
    expect(Object.keys(options.json).slice(0, 3)).toEqual([
      'samples_save',
      'samples_format',
      'samples_filename_pattern',
    ]);
    expect(options.text).toContain('"n_rows":-1.0,');
    expect(options.json).not.toHaveProperty('control_net_unit_count');
    expect((await call('POST', '/sdapi/v1/options', { api_enable_requests: false })).status).toBe(200);
    expect((await call('GET', '/sdapi/v1/options')).json.api_enable_requests).toBe(false);
  });

  it('checks sd_model_checkpoint when its turn comes (earlier keys already set)', async () => {
    const { call } = testMock({ profile: 'forge-2' });
    const reply = await call('POST', '/sdapi/v1/options', { samples_format: 'jpg', sd_model_checkpoint: 'nope' });
    expect([reply.status, reply.json]).toEqual([
      500,
      { error: 'RuntimeError', detail: '', body: '', message: "model 'nope' not found" },
    ]);
    expect((await call('GET', '/sdapi/v1/options')).json.samples_format).toBe('jpg');
  });

  // Not through testMock: the normalized spec's ForgeError types `body` as a string, which this answer's is not.
  it("answers a stored value its model refuses with FastAPI's ResponseValidationError, the data as body", async () => {
    const { app } = createMockApp({ profile: 'forge-2' });
    const post = { method: 'POST', headers: { 'content-type': 'application/json' } };
    await app.request('/sdapi/v1/options', { ...post, body: '{"show_progress_every_n_steps": "ten"}' });
    const reply = await app.request('/sdapi/v1/options');
    const json = await reply.json();
    expect(reply.status).toBe(500);
    expect(json.error).toBe('ResponseValidationError');
    expect(json.body.show_progress_every_n_steps).toBe('ten');
    expect(json.message).toBe(
      "1 validation errors:\n  {'type': 'float_parsing', 'loc': ('response', 'show_progress_every_n_steps'), " +
        "'msg': 'Input should be a valid number, unable to parse string as a number', 'input': 'ten'}\n",
    );
  });

  it('drops an unknown override checkpoint from the echoed override_settings, and echoes NaN as null', async () => {
    const { call } = testMock({ profile: 'forge-2' });
    const body =
      '{"steps": 2, "width": 64, "height": 64, "cfg_scale": NaN, "override_settings": {"sd_model_checkpoint": "nope", "CLIP_stop_at_last_layers": 2}}';
    const reply = await call('POST', '/sdapi/v1/txt2img', body);
    expect(reply.status).toBe(200);
    expect(reply.json.parameters.override_settings).toEqual({ CLIP_stop_at_last_layers: 2 });
    expect(reply.json.parameters.cfg_scale).toBeNull();
  });
});
