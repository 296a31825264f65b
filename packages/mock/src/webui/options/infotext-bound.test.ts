import { describe, expect, it } from 'vitest';
import { testMock } from '../../testing/test-mock.js';
import { INFOTEXT_VALUE_LIMITS } from './infotext-bound.js';

/** Forge answers a MemoryError in its own shape: `message`, not `errors`. */
const forgeMemoryError = {
  error: 'MemoryError',
  detail: '',
  body: '',
  message: expect.stringContaining('mock webui limit'),
};
const small = { prompt: 'x', steps: 1, width: 8, height: 8 };

describe('options that reach every infotext are bounded when they are set (issue #23)', () => {
  it('refuses 50 k forge_additional_modules before applying any key; later generations stay small', async () => {
    // Before: the list was stored, and every later txt2img of every client wrote each `Module i` entry (200 k took
    // 17 s, then failed). 50 k: under the body's bound on values (MAX_BODY_VALUES), so the options bound answers.
    const { call, webui } = testMock({ profile: 'forge-2' });
    const before = webui.options.get('forge_additional_modules');
    const modules = Array.from({ length: 50_000 }, (_, index) => `/mock/models/VAE/module${index}.safetensors`);
    const reply = await call('POST', '/sdapi/v1/options', {
      forge_unet_storage_dtype: 'bnb-nf4 (fp16 LoRA)',
      forge_additional_modules: modules,
    });
    expect(reply).toMatchObject({ status: 500, json: forgeMemoryError });
    expect(reply.json.message).toContain(`forge_additional_modules lists 50000 items`);
    expect(webui.options.get('forge_unet_storage_dtype')).toBe('Automatic');
    expect(webui.options.get('forge_additional_modules')).toEqual(before);
    const later = await call('POST', '/sdapi/v1/txt2img', small);
    expect(later.status).toBe(200);
    expect(JSON.parse(later.json.info).infotexts[0]).not.toContain('Module 1');
  });

  it('refuses one value over the byte bound, and takes one at it', async () => {
    const { call, webui } = testMock({ profile: 'forge-2' });
    const long = [`/mock/models/VAE/${'v'.repeat(INFOTEXT_VALUE_LIMITS.maxBytes)}.safetensors`];
    const reply = await call('POST', '/sdapi/v1/options', { forge_additional_modules: long });
    expect(reply).toMatchObject({ status: 500, json: forgeMemoryError });
    const fits = [`/mock/models/VAE/${'v'.repeat(INFOTEXT_VALUE_LIMITS.maxBytes - 100)}.safetensors`];
    expect((await call('POST', '/sdapi/v1/options', { forge_additional_modules: fits })).status).toBe(200);
    expect(webui.options.get('forge_additional_modules')).toEqual(fits);
    const face = await testMock().call('POST', '/sdapi/v1/options', {
      face_restoration_model: 'f'.repeat(INFOTEXT_VALUE_LIMITS.maxBytes + 1),
    });
    expect(face).toMatchObject({
      status: 500,
      json: { error: 'MemoryError', errors: expect.stringContaining('face_restoration_model') },
    });
  });

  it('bounds override_settings and hires modules the same way, before the job is queued', async () => {
    const { call, webui } = testMock({ profile: 'forge-2' });
    const many = Array.from({ length: INFOTEXT_VALUE_LIMITS.maxItems + 1 }, (_, index) => `m${index}`);
    const override = await call('POST', '/sdapi/v1/txt2img', {
      ...small,
      force_task_id: 'override',
      override_settings: { forge_additional_modules: many },
    });
    expect(override).toMatchObject({ status: 500, json: forgeMemoryError });
    const hires = await call('POST', '/sdapi/v1/txt2img', {
      ...small,
      force_task_id: 'hires',
      enable_hr: true,
      hr_additional_modules: many,
    });
    expect(hires).toMatchObject({ status: 500, json: forgeMemoryError });
    expect(hires.json.message).toContain('hr_additional_modules');
    for (const id of ['override', 'hires']) {
      expect(webui.registry.pending).not.toContain(id);
      expect(webui.registry.current).not.toBe(id);
    }
    expect(webui.state.samplingStep).toBe(0);
  });

  it('leaves a release without the option as it was: an unknown key is still a KeyError', async () => {
    const { call } = testMock();
    const reply = await call('POST', '/sdapi/v1/options', { forge_additional_modules: Array(1000).fill('x') });
    expect(reply).toMatchObject({ status: 500, json: { error: 'KeyError', errors: "'forge_additional_modules'" } });
  });
});
