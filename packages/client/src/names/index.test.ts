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
