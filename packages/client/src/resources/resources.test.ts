import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useMocks } from '../testing/mock-servers.js';
import { createWebuiClient, NotFoundError } from '../node.js';

const mock = useMocks();

describe('image inputs are sent without re-encoding', () => {
  it('accepts bytes, ArrayBuffer, Blob, data URL, base64 and a file path; metadata survives', async () => {
    const client = createWebuiClient({ baseUrl: (await mock()).url });
    const source = (await client.txt2img({ prompt: 'source image', steps: 1, width: 32, height: 32 })).images[0];
    const bytes = source?.bytes as Uint8Array;
    const dir = await mkdtemp(join(tmpdir(), 'sdwebui-client-'));
    try {
      const path = join(dir, 'source.png');
      await writeFile(path, bytes);
      const inputs = [
        bytes,
        bytes.slice().buffer,
        new Blob([bytes.slice()]),
        source?.toDataURL() as string,
        Buffer.from(bytes).toString('base64'),
        path,
      ];
      for (const input of inputs) {
        const server = await client.pngInfo(input);
        expect(server.infotext).toBe(source?.infotext);
        expect((await client.readImageInfo(input)).parameters?.prompt).toBe('source image');
      }
      const edited = await client.img2img({
        init_images: [path],
        mask: bytes,
        prompt: 'edited',
        steps: 1,
        width: 48,
        height: 48,
      });
      expect(edited.images[0]?.infotext).toContain('edited\nSteps: 1,');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('upscales, keeping the infotext, and interrogates', async () => {
    const client = createWebuiClient({ baseUrl: (await mock()).url });
    const source = (await client.txt2img({ prompt: 'a red fox', steps: 1, width: 16, height: 16 })).images[0]
      ?.bytes as Uint8Array;
    const { image, htmlInfo } = await client.upscale(source, { upscaling_resize: 2, upscaler_1: 'Lanczos' });
    expect(htmlInfo).toBe('<p>Postprocess upscale by: 2.0, Postprocess upscaler: Lanczos</p>');
    expect((await client.readImageInfo(image.bytes)).parameters?.prompt).toBe('a red fox');
    // Taken off the client (as apps/web does), it needs no `this`.
    const { readImageInfo } = client;
    expect((await readImageInfo(image.bytes)).parameters?.prompt).toBe('a red fox');
    const batch = await client.upscaleBatch([{ image: source }, { image: source, name: 'b.png' }], {
      upscaling_resize: 1.5,
    });
    expect(batch.images).toHaveLength(2);
    expect(await client.interrogate(source)).toBe('a picture of a red fox');
  });
});

describe('options and models', () => {
  it('reads and writes options; resolves models exactly and says how', async () => {
    const client = createWebuiClient({ baseUrl: (await mock()).url });
    expect((await client.getOptions()).samples_format).toBe('png');
    await client.setOptions({ jpeg_quality: 90 });
    expect((await client.getOptions()).jpeg_quality).toBe(90);
    expect(await client.resolveModel('deliberate_v2')).toMatchObject({
      matchedBy: 'name',
      model: { title: 'deliberate_v2.safetensors [15edd4519f]' },
    });
    expect((await client.resolveModel('6ce0161689')).matchedBy).toBe('hash');
    expect((await client.resolveModel('sd_xl_base_1.0')).matchedBy).toBe('basename');
    await expect(client.resolveModel('deliberate')).rejects.toBeInstanceOf(NotFoundError);
  });

  it('per-request model, VAE and CLIP skip go to override_settings and change nothing global', async () => {
    const server = await mock();
    const client = createWebuiClient({ baseUrl: server.url });
    const result = await client.txt2img(
      { prompt: 'x', steps: 1, width: 16, height: 16 },
      { model: 'deliberate_v2', clipSkip: 2 },
    );
    expect(result.info.sd_model_name).toBe('deliberate_v2');
    expect(result.info.clip_skip).toBe(2);
    expect(result.parameters.override_settings).toEqual({
      sd_model_checkpoint: 'deliberate_v2',
      CLIP_stop_at_last_layers: 2,
    });
    expect((await client.getOptions()).sd_model_checkpoint).toBe('v1-5-pruned-emaonly.safetensors [6ce0161689]');
  });

  it('sticky mode switches only when needed and never interleaves concurrent callers', async () => {
    const server = await mock({ stepMs: 2 });
    const client = createWebuiClient({ baseUrl: server.url, modelMode: 'sticky' });
    const models = ['deliberate_v2', 'v1-5-pruned-emaonly', 'deliberate_v2', 'deliberate_v2', 'sd_xl_base_1.0'];
    const results = await Promise.all(
      models.map((model) => client.txt2img({ prompt: model, steps: 3, width: 16, height: 16 }, { model })),
    );
    expect(results.map((result) => result.info.sd_model_name)).toEqual([
      'deliberate_v2',
      'v1-5-pruned-emaonly',
      'deliberate_v2',
      'deliberate_v2',
      'sd_xl_base_1.0',
    ]);
    expect(
      server.requests.filter((request) => request.method === 'POST' && request.path === '/sdapi/v1/options'),
    ).toHaveLength(4);
    expect((await client.getOptions()).sd_model_checkpoint).toBe('SDXL/sd_xl_base_1.0.safetensors [31e35c80fc]');

    // A name not in the cached list is looked up again (the folder may have been refreshed), then refused.
    const listed = server.requests.filter((request) => request.path === '/sdapi/v1/sd-models').length;
    await expect(client.txt2img({ prompt: 'x', steps: 1 }, { model: 'not-installed' }).result).rejects.toBeInstanceOf(
      NotFoundError,
    );
    expect(server.requests.filter((request) => request.path === '/sdapi/v1/sd-models').length).toBe(listed + 1);
  });

  it('lists with normalized shapes', async () => {
    const client = createWebuiClient({ baseUrl: (await mock()).url });
    expect((await client.samplers()).map((sampler) => sampler.name)).toContain('DPM++ 2M');
    expect((await client.schedulers()).map((scheduler) => scheduler.label)).toContain('Karras');
    expect((await client.loras())[0]).toMatchObject({ name: '3DMM_V12', alias: '3DMM_V12' });
    expect(await client.embeddings()).toEqual({ loaded: [], skipped: [] });
    expect((await client.listModels())[0]).toEqual({
      title: 'v1-5-pruned-emaonly.safetensors [6ce0161689]',
      name: 'v1-5-pruned-emaonly',
      hash: '6ce0161689',
      sha256: '6ce0161689b3853acaa03779ec93eafe75a02f4ced659bee03f50797806fa2fa',
      filename: '/mock/stable-diffusion-webui/models/Stable-diffusion/v1-5-pruned-emaonly.safetensors',
    });
    await client.refresh('checkpoints');
    expect((await client.memory()).ram).toMatchObject({ total: 270193479680 });
    const old = createWebuiClient({ baseUrl: (await mock({ profile: 'a1111-1.7' })).url });
    expect(await old.schedulers()).toEqual([]);
  });
});

describe('detect() and request shapes', () => {
  it('recognises a 1.10 webui, a --nowebui one and a 1.7 one', async () => {
    const modern = await createWebuiClient({ baseUrl: (await mock()).url }).detect();
    expect(modern).toMatchObject({
      version: 'v1.10.1',
      fork: 'a1111',
      features: { schedulers: true, taskIds: true, internalProgress: true },
    });
    expect(modern.extensions).toEqual(['adetailer', 'sd-webui-controlnet']);
    expect(modern.routes).toContain('POST /sdapi/v1/txt2img');
    const apiOnly = await createWebuiClient({ baseUrl: (await mock({ nowebui: true })).url }).detect();
    expect(apiOnly).toMatchObject({
      version: null,
      fork: 'unknown',
      features: { internalProgress: false, taskIds: false },
    });
    const old = await createWebuiClient({ baseUrl: (await mock({ profile: 'a1111-1.7' })).url }).detect();
    expect(old).toMatchObject({ version: 'v1.7.0', features: { schedulers: false, taskIds: false } });
  });

  it('folds the scheduler into the sampler name for servers before 1.9', async () => {
    const client = createWebuiClient({ baseUrl: (await mock({ profile: 'a1111-1.7' })).url });
    await client.detect();
    const result = await client.txt2img({
      sampler_name: 'DPM++ 2M',
      scheduler: 'karras',
      steps: 1,
      width: 16,
      height: 16,
    });
    expect(result.info.sampler_name).toBe('DPM++ 2M Karras');
    expect(result.parameters).not.toHaveProperty('scheduler');
  });

  it('falls back to the global progress where /internal/progress does not exist', async () => {
    const server = await mock({ nowebui: true, stepMs: 10 });
    const client = createWebuiClient({ baseUrl: server.url });
    const job = client.txt2img({ steps: 8, width: 16, height: 16 });
    const reports = [];
    for await (const report of job.progress({ intervalMs: 15 })) reports.push(report);
    expect(reports.some((report) => !report.done && (report.step ?? 0) > 0)).toBe(true);
    expect(reports.at(-1)?.done).toBe(true);
  });
});
