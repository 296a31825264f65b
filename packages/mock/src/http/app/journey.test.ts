import { readPngParameters } from '@sdwebui/infotext';
import { describe, expect, it } from 'vitest';
import { CHECKPOINTS } from '../../webui/catalogue/index.js';
import { testMock } from '../../testing/test-mock.js';

/** The webui wiki's API guide, step by step, in plain HTTP against the mock. */
describe("the wiki's API journey", () => {
  it('txt2img → decode → png-info returns the infotext', async () => {
    const { call } = testMock();
    const generated = await call('POST', '/sdapi/v1/txt2img', { prompt: 'puppy dog', steps: 5 });
    expect(generated.status).toBe(200);
    expect(generated.json.images).toHaveLength(1);
    const image = generated.json.images[0] as string;
    expect(image.startsWith('iVBORw0KGgo')).toBe(true);
    const info = JSON.parse(generated.json.info);
    const png = new Uint8Array(Buffer.from(image, 'base64'));
    expect(readPngParameters(png)).toBe(info.infotexts[0]);
    expect(info.infotexts[0]).toMatch(
      /^puppy dog\nSteps: 5, Sampler: Euler, Schedule type: Automatic, CFG scale: 7\.0, Seed: \d+, Size: 512x512, Model hash: 6ce0161689, Model: v1-5-pruned-emaonly, Version: v1\.10\.1$/,
    );

    const described = await call('POST', '/sdapi/v1/png-info', { image: `data:image/png;base64,${image}` });
    expect(described.status).toBe(200);
    expect(described.json.info).toBe(info.infotexts[0]);
    expect(described.json.parameters).toMatchObject({
      Prompt: 'puppy dog',
      Steps: '5',
      Sampler: 'Euler',
      'Size-1': '512',
      'Size-2': '512',
    });
  });

  it('override_settings apply to one request and are restored', async () => {
    const { call } = testMock();
    const generated = await call('POST', '/sdapi/v1/txt2img', {
      prompt: 'puppy dog',
      steps: 5,
      override_settings: { sd_model_checkpoint: 'deliberate_v2', CLIP_stop_at_last_layers: 2 },
    });
    const infotext = JSON.parse(generated.json.info).infotexts[0] as string;
    expect(infotext).toContain('Model: deliberate_v2');
    expect(infotext).toContain('Clip skip: 2');
    const options = await call('GET', '/sdapi/v1/options');
    expect(options.json.sd_model_checkpoint).toBe('v1-5-pruned-emaonly.safetensors [6ce0161689]');
    expect(options.text).toContain('"CLIP_stop_at_last_layers":1.0');
  });

  it.each([
    ['the title', 'deliberate_v2.safetensors [15edd4519f]'],
    ['the filename without extension', 'deliberate_v2'],
    ['the filename with extension', 'deliberate_v2.safetensors'],
    ['the short hash', '15edd4519f'],
    ['the full sha256', CHECKPOINTS[1]?.sha256 as string],
  ])('POST /options sets sd_model_checkpoint by %s; GET returns the title', async (_how, alias) => {
    const { call } = testMock();
    const set = await call('POST', '/sdapi/v1/options', { sd_model_checkpoint: alias });
    expect(set.status).toBe(200);
    expect(set.text).toBe('null');
    const options = await call('GET', '/sdapi/v1/options');
    expect(options.json.sd_model_checkpoint).toBe('deliberate_v2.safetensors [15edd4519f]');
    const models = await call('GET', '/sdapi/v1/sd-models');
    expect(models.json.map((model: { title: string }) => model.title)).toContain(options.json.sd_model_checkpoint);
  });

  it('a checkpoint in a subfolder: by basename yes, by bare file name no', async () => {
    const { call } = testMock();
    expect((await call('POST', '/sdapi/v1/options', { sd_model_checkpoint: 'sd_xl_base_1.0' })).status).toBe(200);
    expect(
      (await call('POST', '/sdapi/v1/options', { sd_model_checkpoint: 'SDXL/sd_xl_base_1.0.safetensors' })).status,
    ).toBe(200);
    const bare = await call('POST', '/sdapi/v1/options', { sd_model_checkpoint: 'sd_xl_base_1.0.safetensors' });
    expect(bare.status).toBe(500);
    expect(bare.json).toEqual({
      error: 'RuntimeError',
      detail: '',
      body: '',
      errors: "model 'sd_xl_base_1.0.safetensors' not found",
    });
  });
});
