/**
 * Every list a server sends is bounded by what the request implies, and checked before anything
 * in it is decoded: a hostile server must not turn one answer into hundreds of thousands of images.
 */
import { describe, expect, it } from 'vitest';
import { hostileServer, json } from '../testing/hostile-server.js';
import { BadResponseError, controlNet, createWebuiClient } from '../node.js';

const PNG_1x1 = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';
/** Three bytes, 0x89 'P' 'N': what the flood in issue 23 sent 285,000 times in 2 MB. */
const THREE_BYTE_PNG = 'iVBO';

const answerWith = (images: unknown[], infotexts = images.map(() => 'x')) =>
  json({ images, info: JSON.stringify({ infotexts, all_seeds: images.map(() => 1) }), parameters: {} });

async function generate(images: unknown[], params: Record<string, unknown> = {}, infotexts?: string[]) {
  const server = await hostileServer({ 'POST /sdapi/v1/txt2img': answerWith(images, infotexts) });
  const client = createWebuiClient({ baseUrl: server.url, target: 'a1111-1.10', checkNames: false });
  return client.txt2img({ prompt: 'p', ...params }).result.catch((error: unknown) => error);
}

describe('the images a generation may answer with', () => {
  it('refuses a flood of 285,000 three-byte "PNG"s before decoding any', async () => {
    const error = await generate(Array.from({ length: 285_000 }, () => THREE_BYTE_PNG));
    expect(error).toBeInstanceOf(BadResponseError);
    expect((error as BadResponseError).problem).toBe('285000 images, where the request allows at most 2');
  });

  it('allows batch_size × n_iter and a grid, not one more', async () => {
    const params = { batch_size: 2, n_iter: 3 };
    const allowed = await generate(
      Array.from({ length: 7 }, () => PNG_1x1),
      params,
    );
    expect(allowed).toMatchObject({ images: { length: 7 } });
    const error = await generate(
      Array.from({ length: 8 }, () => PNG_1x1),
      params,
    );
    expect((error as BadResponseError).problem).toBe('8 images, where the request allows at most 7');
  });

  it("allows enabled ControlNet units' maps after the generated images", async () => {
    const units = controlNet([{ module: 'canny', model: 'control_v11p_sd15_canny', image: PNG_1x1 }]);
    const result = await generate(
      Array.from({ length: 4 }, () => PNG_1x1),
      { alwayson_scripts: units },
      ['x'],
    );
    expect(result).toMatchObject({ images: { length: 1 }, extraImages: { length: 3 } });
  });

  it('allows a selectable script its fan-out (X/Y/Z cells, matrix parts)', async () => {
    const result = await generate(
      Array.from({ length: 30 }, () => PNG_1x1),
      { script_name: 'x/y/z plot' },
    );
    expect(result).toMatchObject({ images: { length: 30 } });
  });

  it.each([
    ['the start of a PNG cut off', 'iVBORw=='],
    ['three bytes', THREE_BYTE_PNG],
    ['a GIF', Buffer.from('GIF89a\x01\x00\x01\x00\x00\x00\x00;').toString('base64')],
  ])('refuses %s: the webui answers only in PNG, JPEG or WebP', async (_name, image) => {
    const error = await generate([image]);
    expect(error).toBeInstanceOf(BadResponseError);
    expect((error as BadResponseError).problem).toBe('images[0] is not a PNG, JPEG or WebP image');
  });
});

describe('lists of images from other routes', () => {
  it('refuses more detected maps than images sent to /controlnet/detect', async () => {
    const server = await hostileServer({
      'GET /sdapi/v1/scripts': json({ txt2img: ['controlnet'], img2img: ['controlnet'] }),
      'POST /controlnet/detect': json({ info: 'Success', images: [PNG_1x1, PNG_1x1, PNG_1x1] }),
    });
    const client = createWebuiClient({ baseUrl: server.url, target: 'a1111-1.10' });
    const error = await client.controlNet.detect({ module: 'canny', images: [PNG_1x1] }).catch((caught) => caught);
    expect(error).toBeInstanceOf(BadResponseError);
    expect((error as BadResponseError).problem).toBe('more images than the 1 sent');
  });

  it('refuses more upscaled images than images sent', async () => {
    const server = await hostileServer({
      'POST /sdapi/v1/extra-batch-images': json({ html_info: '', images: [PNG_1x1, PNG_1x1] }),
    });
    const client = createWebuiClient({ baseUrl: server.url, target: 'a1111-1.10', checkNames: false });
    const error = await client.upscaleBatch([{ image: PNG_1x1 }]).catch((caught) => caught);
    expect((error as BadResponseError).problem).toBe('more images than the 1 sent');
  });
});
