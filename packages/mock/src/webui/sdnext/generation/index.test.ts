import { readPngParameters } from '@sdwebui/infotext';
import { describe, expect, it } from 'vitest';
import { createMockApp } from '../../../http/app/index.js';
import { until } from '../../../testing/test-mock.js';
import { readExifUserComment } from '../../png/exif.js';
import { safeDecodeString } from '../png-info/index.js';

function sdnext(stepMs = 0) {
  const mock = createMockApp({ profile: 'sdnext', stepMs, rateLimit: false });
  const call = async (method: string, path: string, body?: unknown) => {
    const response = await mock.app.request(path, {
      method,
      ...(body !== undefined ? { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } } : {}),
    });
    const text = await response.text();
    // biome-ignore lint/suspicious/noExplicitAny: tests read fields of arbitrary response JSON.
    return { status: response.status, json: (text ? JSON.parse(text) : undefined) as any };
  };
  return { ...mock, call };
}

const decode = (image: string) => new Uint8Array(Buffer.from(image, 'base64'));

describe('sdnext generation', () => {
  it('answers JPEGs by default, the infotext in EXIF UserComment, SD.Next-shaped', async () => {
    const { call } = sdnext();
    const made = await call('POST', '/sdapi/v1/txt2img', {
      prompt: 'a cat',
      steps: 3,
      width: 100,
      height: 70,
      seed: 42,
    });
    expect(made.status).toBe(200);
    const jpeg = decode(made.json.images[0]);
    expect([jpeg[0], jpeg[1]]).toEqual([0xff, 0xd8]);
    const info = JSON.parse(made.json.info);
    const infotext = safeDecodeString(readExifUserComment(jpeg) as Uint8Array);
    expect(infotext).toBe(info.infotexts[0]);
    expect(infotext).toBe(
      'a cat\nNegative prompt: \nSteps: 3, Size: 96x64, Scheduler: EulerDiscreteScheduler, Seed: 42, CFG scale: 6.0, ' +
        'CFG rescale: 0.0, App: SD.Next, Version: 058a7f0, Pipeline: StableDiffusionXLPipeline, Operations: txt2img, ' +
        'Model: sd_xl_base_1.0, Model hash: 31e35c80fc',
    );
    expect(Object.keys(info)).toEqual([
      'prompt',
      'all_prompts',
      'negative_prompt',
      'all_negative_prompts',
      'seed',
      'all_seeds',
      'subseed',
      'all_subseeds',
      'subseed_strength',
      'width',
      'height',
      'sampler_name',
      'cfg_scale',
      'cfg_end',
      'steps',
      'batch_size',
      'detailer',
      'detailer_model',
      'sd_model_hash',
      'seed_resize_from_w',
      'seed_resize_from_h',
      'denoising_strength',
      'extra_generation_params',
      'index_of_first_image',
      'infotexts',
      'styles',
      'job_timestamp',
      'clip_skip',
    ]);
    const described = await call('POST', '/sdapi/v1/png-info', { image: made.json.images[0] });
    expect(described.json).toMatchObject({ info: infotext, items: { parameters: infotext } });
    expect(described.json.parameters).toMatchObject({ Prompt: 'a cat', Seed: 42, 'Size-1': 96, App: 'SD.Next' });
  });

  it('answers PNGs with a parameters chunk when the global samples_format is png (a request override does not)', async () => {
    const { call } = sdnext();
    const overridden = await call('POST', '/sdapi/v1/txt2img', {
      prompt: 'x',
      steps: 1,
      width: 64,
      height: 64,
      override_settings: { samples_format: 'png' },
    });
    expect(decode(overridden.json.images[0])[0]).toBe(0xff);
    await call('POST', '/sdapi/v1/options', { samples_format: 'png' });
    const made = await call('POST', '/sdapi/v1/txt2img', {
      prompt: 'x',
      steps: 1,
      width: 64,
      height: 64,
      sampler_name: 'euler a',
    });
    expect(readPngParameters(decode(made.json.images[0]))).toContain(
      'Sampler: Euler a, Scheduler: EulerAncestralDiscreteScheduler',
    );
    expect(made.json.parameters.sampler_name).toBe('euler a');
  });

  it('reports each phase with its own id: /progress during sampling names the Inference job, not the API job', async () => {
    const { call, webui } = sdnext(20);
    const pending = call('POST', '/sdapi/v1/txt2img', { prompt: 'x', steps: 50, width: 64, height: 64 });
    await until(() => webui.state.samplingStep > 0);
    const progress = await call('GET', '/sdapi/v1/progress?skip_current_image=true');
    expect(progress.json.state.job).toBe('Inference');
    const begun = webui.state.entries().filter((entry) => entry.op === 'begin');
    expect(begun.map((entry) => entry.job)).toEqual(['api-txt', 'process', 'base', 'params', 'inference']);
    expect(progress.json.id).toBe(begun.at(-1)?.id);
    expect(progress.json.id).not.toBe(begun[0]?.id);
    expect((await call('POST', '/sdapi/v1/interrupt')).status).toBe(204);
    const made = await pending;
    // Interrupted: the last preview is kept as the image (keep_incomplete), and the flag stays until the next job.
    expect([made.status, made.json.images.length]).toEqual([200, 1]);
    expect((await call('GET', '/sdapi/v1/status')).json.status).toBe('interrupted');
  });

  it('gives nothing, with a 200, when no model is loaded; /lock-checkpoint keeps the model', async () => {
    const { call } = sdnext();
    expect((await call('GET', '/sdapi/v1/checkpoint')).json).toMatchObject({
      type: 'sdxl',
      class: 'StableDiffusionXLPipeline',
    });
    expect((await call('POST', '/sdapi/v1/lock-checkpoint?lock=true')).status).toBe(204);
    expect((await call('POST', '/sdapi/v1/checkpoint?sd_model_checkpoint=nope')).json).toEqual({ ok: true });
    await call('POST', '/sdapi/v1/lock-checkpoint?lock=false');
    expect((await call('POST', '/sdapi/v1/checkpoint?sd_model_checkpoint=nope')).json).toEqual({ ok: false });
    expect((await call('GET', '/sdapi/v1/checkpoint')).json).toEqual({ type: null, class: null });
    const made = await call('POST', '/sdapi/v1/txt2img', { prompt: 'x', steps: 1 });
    expect([made.status, made.json.images, made.json.info]).toEqual([200, [], '']);
    expect((await call('POST', '/sdapi/v1/checkpoint?sd_model_checkpoint=sd15/v1-5-pruned-emaonly')).json).toEqual({
      ok: true,
    });
    const sd15 = await call('POST', '/sdapi/v1/txt2img', { prompt: 'x', steps: 1, width: 64, height: 64 });
    expect(JSON.parse(sd15.json.info).infotexts[0]).toContain('Pipeline: StableDiffusionPipeline');
  });

  it('runs a job on the checkpoint override_settings names, loads the stored one back after, and drops an unknown one', async () => {
    const { call } = sdnext();
    const body = { prompt: 'x', steps: 1, width: 64, height: 64 };
    const modelOf = (made: { json: { info: string } }) =>
      /Model: ([^,]+)/.exec(JSON.parse(made.json.info).infotexts[0])?.[1];
    const sd15 = { sd_model_checkpoint: 'sd15/v1-5-pruned-emaonly [6ce0161689]' };
    // The infotext names the model by its file's base name.
    expect(modelOf(await call('POST', '/sdapi/v1/txt2img', { ...body, override_settings: sd15 }))).toBe(
      'v1-5-pruned-emaonly',
    );
    expect((await call('GET', '/sdapi/v1/checkpoint')).json.name).toBe('sd_xl_base_1.0');
    const unknown = { sd_model_checkpoint: 'nope' };
    expect(modelOf(await call('POST', '/sdapi/v1/txt2img', { ...body, override_settings: unknown }))).toBe(
      'sd_xl_base_1.0',
    );
    const kept = { ...body, override_settings: sd15, override_settings_restore_afterwards: false };
    expect(modelOf(await call('POST', '/sdapi/v1/txt2img', kept))).toBe('v1-5-pruned-emaonly');
    expect((await call('GET', '/sdapi/v1/checkpoint')).json.name).toBe('sd15/v1-5-pruned-emaonly');
  });

  it('answers /control as 058a7f0 does: 500 after the job began, which /status then reports running', async () => {
    const { call } = sdnext();
    const control = await call('POST', '/sdapi/v1/control', { prompt: 'x' });
    expect([control.status, control.json.errors]).toEqual([
      500,
      "control_run() got an unexpected keyword argument 'xyz'",
    ]);
    expect((await call('GET', '/sdapi/v1/status')).json).toMatchObject({ status: 'running', task: 'API-CTL' });
  });
});
