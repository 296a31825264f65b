import { describe, expect, it } from 'vitest';
import { useMocks } from '../testing/mock-servers.js';
import { createWebuiClient, NotFoundError } from '../node.js';

const mock = useMocks();
const small = { steps: 1, width: 16, height: 16 };

async function unknownName(promise: PromiseLike<unknown>): Promise<NotFoundError> {
  const error = await Promise.resolve(promise).then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(NotFoundError);
  expect((error as NotFoundError).kind).toBe('unknown-name');
  return error as NotFoundError;
}

describe('names are checked against the server before they are sent', () => {
  it('an unknown per-request model fails like sticky mode does, naming the closest', async () => {
    const server = await mock();
    const error = await unknownName(
      createWebuiClient({ baseUrl: server.url }).txt2img(small, { model: 'deliberate_v3' }),
    );
    expect(error.suggestions[0]).toBe('deliberate_v2.safetensors [15edd4519f]');
    expect(error.message).toMatch(/^unknown model "deliberate_v3".*closest: deliberate_v2\.safetensors/);
    const sticky = await unknownName(
      createWebuiClient({ baseUrl: server.url, modelMode: 'sticky' }).txt2img(small, { model: 'deliberate_v3' }),
    );
    expect(sticky.suggestions[0]).toBe('deliberate_v2.safetensors [15edd4519f]');
    expect(server.requests.filter((request) => request.path === '/sdapi/v1/txt2img')).toHaveLength(0);
  });

  it('unknown sampler, scheduler, VAE and upscaler names fail; known ones and aliases pass', async () => {
    const server = await mock();
    const client = createWebuiClient({ baseUrl: server.url });
    expect((await unknownName(client.txt2img({ ...small, sampler_name: 'Eulr a' }))).suggestions).toContain('Euler a');
    await unknownName(client.txt2img({ ...small, scheduler: 'karas' }));
    await unknownName(client.txt2img(small, { vae: 'nope.safetensors' }));
    await unknownName(client.txt2img({ ...small, enable_hr: true, hr_upscaler: 'Lanczoz' }));
    const image = (await client.txt2img(small)).images[0]?.bytes as Uint8Array;
    await unknownName(client.upscale(image, { upscaler_1: 'ESRGAN_5x' }));
    const ok = await client.txt2img(
      { ...small, sampler_name: 'DPM++ 2M Karras', scheduler: 'Karras' },
      { vae: 'Automatic', model: 'deliberate_v2' },
    );
    expect(ok.info.sampler_name).toBe('DPM++ 2M');
    expect((await client.upscale(image, { upscaler_1: 'Lanczos', upscaling_resize: 1 })).image.mimeType).toBe(
      'image/png',
    );
  });

  it('lists are cached and read again once on a miss; checkNames: false sends names as they are', async () => {
    const server = await mock();
    const client = createWebuiClient({ baseUrl: server.url });
    const listed = () => server.requests.filter((request) => request.path === '/sdapi/v1/samplers').length;
    await client.txt2img({ ...small, sampler_name: 'Euler' });
    await client.txt2img({ ...small, sampler_name: 'Euler a' });
    expect(listed()).toBe(1);
    await unknownName(client.txt2img({ ...small, sampler_name: 'Nope' }));
    expect(listed()).toBe(2);
    const unchecked = await client.txt2img({ ...small, sampler_name: 'Nope' }, { checkNames: false });
    expect(unchecked.info.sampler_name).toBe('DPM++ 2M');
    const off = createWebuiClient({ baseUrl: server.url, checkNames: false });
    expect((await off.txt2img(small, { model: 'nope' })).info.sd_model_name).toBe('v1-5-pruned-emaonly');
  });
});

// Issue #24: names the SDK can list but did not check. The webui skips a ControlNet unit or an ADetailer tab
// whose model it lacks (HTTP 200, the infotext claiming it ran), drops an unknown Forge module, and answers an
// unknown setting with a 500 KeyError.
describe('extension names, Forge modules and settings are checked too', () => {
  const generations = (server: { requests: Array<{ path: string }> }) =>
    server.requests.filter((request) => /\/(txt2img|img2img)$/.test(request.path));

  it('ControlNet module and model, ADetailer model: unknown ones fail with the closest, known ones pass', async () => {
    const server = await mock();
    const client = createWebuiClient({ baseUrl: server.url });
    const unit = (fields: Record<string, unknown>) => ({
      ...small,
      alwayson_scripts: { ControlNet: { args: [{ enabled: true, ...fields }] } },
    });
    const module = await unknownName(client.txt2img(unit({ module: 'Canny', model: 'None' })));
    expect(module).toMatchObject({ nameKind: 'controlnet-module', unknownName: 'Canny' });
    expect(module.suggestions).toContain('canny');
    const model = await unknownName(client.txt2img(unit({ module: 'canny', model: 'control_v11p_sd15_cany' })));
    expect(model.nameKind).toBe('controlnet-model');
    expect(model.suggestions[0]).toMatch(/^control_v11p_sd15_canny \[/);
    const detector = await unknownName(
      client.txt2img({ ...small, alwayson_scripts: { ADetailer: { args: [true, false, { ad_model: 'face.pt' }] } } }),
    );
    expect(detector).toMatchObject({ nameKind: 'adetailer-model', unknownName: 'face.pt' });
    expect(detector.suggestions).toContain('face_yolov8n.pt');
    expect(generations(server)).toHaveLength(0);
    // What the extension resolves passes: a label or a name, the model without its hash, part of its name.
    const models = await client.controlNet.models();
    for (const fields of [
      { module: 'canny', model: models[0] },
      { module: 'canny', model: 'control_v11p_sd15_canny' },
      { module: 'canny', model: 'canny' },
      { module: 'canny', model: 'None', enabled: false },
    ])
      await client.txt2img(unit(fields));
    await client.txt2img({ ...small, alwayson_scripts: { ADetailer: { args: [true, false, { ad_model: 'None' }] } } });
    expect(generations(server)).toHaveLength(5);
  });

  it("Forge's additional modules, in override_settings and hires, are checked against /sdapi/v1/sd-modules", async () => {
    const server = await mock({ profile: 'forge-2' });
    const client = createWebuiClient({ baseUrl: server.url, target: 'forge-2' });
    const error = await unknownName(
      client.txt2img({
        ...small,
        override_settings: { forge_additional_modules: ['ae.safetensors', 't5xxl.safetensors'] },
      }),
    );
    expect(error).toMatchObject({ nameKind: 'module', unknownName: 't5xxl.safetensors' });
    expect(error.suggestions).toContain('t5xxl_fp16.safetensors');
    await unknownName(client.txt2img({ ...small, enable_hr: true, hr_additional_modules: ['clip.safetensors'] }));
    expect(generations(server)).toHaveLength(0);
    await client.txt2img({
      ...small,
      enable_hr: true,
      hr_additional_modules: ['Use same choices'],
      override_settings: { forge_additional_modules: ['ae.safetensors', 'clip_l.safetensors'] },
    });
    expect(generations(server)).toHaveLength(1);
  });

  it('settings: setOptions and override_settings keys, and the checkpoint setOptions names', async () => {
    const server = await mock();
    const client = createWebuiClient({ baseUrl: server.url });
    const key = await unknownName(client.setOptions({ CLIP_stop_at_last_layer: 2 } as never));
    expect(key).toMatchObject({ nameKind: 'option', unknownName: 'CLIP_stop_at_last_layer' });
    expect(key.suggestions[0]).toBe('CLIP_stop_at_last_layers');
    const model = await unknownName(client.setOptions({ sd_model_checkpoint: 'deliberate_v3' }));
    expect(model.suggestions[0]).toBe('deliberate_v2.safetensors [15edd4519f]');
    await unknownName(client.txt2img({ ...small, override_settings: { samples_fromat: 'jpg' } as never }));
    const posts = () => server.requests.filter((request) => request.method === 'POST').length;
    expect(posts()).toBe(0);
    await client.setOptions({ CLIP_stop_at_last_layers: 2, sd_model_checkpoint: 'deliberate_v2' });
    await client.txt2img({ ...small, override_settings: { samples_format: 'png' } });
    expect(posts()).toBe(2);
    // Opted out, the webui's own answer: a 500 KeyError.
    await expect(client.setOptions({ nope: 1 } as never, { checkNames: false })).rejects.toMatchObject({
      status: 500,
      errorClass: 'KeyError',
    });
  });

  it('resolveModel(undefined) from JavaScript is a typed error, not a TypeError', async () => {
    const server = await mock();
    const error = await unknownName(createWebuiClient({ baseUrl: server.url }).resolveModel(undefined as never));
    expect(error.message).toBe('resolveModel: a checkpoint name is a string, got undefined');
  });
});
