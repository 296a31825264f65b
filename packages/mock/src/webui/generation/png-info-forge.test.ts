import { deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { testMock } from '../../testing/test-mock.js';
import { pngChunk, renderPng } from '../png/index.js';

/** An 8×8 PNG of `colorType` (0 gray, 4 gray+alpha) with `channels` bytes per pixel, no text. */
function png(colorType: number, channels: number): string {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(8, 0);
  header.writeUInt32BE(8, 4);
  header.set([8, colorType, 0, 0, 0], 8);
  const rows = Buffer.alloc(8 * (1 + 8 * channels));
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  const chunks = [pngChunk('IHDR', header), pngChunk('IDAT', deflateSync(rows)), pngChunk('IEND', new Uint8Array())];
  return Buffer.concat([signature, ...chunks]).toString('base64');
}

/** A GIF89a without a colour table, optionally with a comment extension, and one 1×1 image. */
function gif(comment?: string): string {
  const parts = [Buffer.from('GIF89a'), Buffer.from([1, 0, 1, 0, 0, 0, 0])];
  if (comment !== undefined)
    parts.push(Buffer.from([0x21, 0xfe, comment.length]), Buffer.from(comment), Buffer.from([0]));
  parts.push(Buffer.from([0x2c, 0, 0, 0, 0, 1, 0, 1, 0, 0, 2, 2, 0x44, 0x01, 0, 0x3b]));
  return Buffer.concat(parts).toString('base64');
}

const rgb = async (text?: Record<string, string>) =>
  Buffer.from(await renderPng(8, 8, 'forge-png-info', text)).toString('base64');

// Forge's pnginfoapi with its `parse_generation_parameters` and stealth-infotext reader (dfdcbab).
describe('png-info on forge-2', () => {
  const { call } = testMock({ profile: 'forge-2' });

  it("answers an image without an infotext with Forge's defaults (Hires schedule type among them)", async () => {
    const reply = await call('POST', '/sdapi/v1/png-info', { image: await rgb() });
    expect(reply.json.info).toBe('');
    expect(Object.keys(reply.json.parameters).slice(0, 8)).toEqual([
      'Prompt',
      'Negative prompt',
      'Clip skip',
      'Hires resize-1',
      'Hires resize-2',
      'Hires sampler',
      'Hires schedule type',
      'Hires checkpoint',
    ]);
    expect(reply.json.parameters).toMatchObject({
      'Refiner switch by sampling steps': false,
      'Hires VAE/TE': ['Use same choices'],
    });
  });

  it('fails on single-channel and gray+alpha images as its stealth reader does (500)', async () => {
    const cases = [
      [png(0, 1), 'TypeError', 'cannot unpack non-iterable int object'],
      [png(4, 2), 'ValueError', 'not enough values to unpack (expected 3, got 2)'],
      [gif(), 'TypeError', 'cannot unpack non-iterable int object'],
    ] as const;
    for (const [image, error, message] of cases) {
      const reply = await call('POST', '/sdapi/v1/png-info', { image });
      expect([reply.status, reply.json]).toEqual([500, { error, detail: '', body: '', message }]);
    }
  });

  it("reads a GIF's comment as its infotext and lists the GIF's info", async () => {
    const reply = await call('POST', '/sdapi/v1/png-info', { image: gif('a gif\nSteps: 5, Seed: 3, CFG scale: 7') });
    expect(reply.json.info).toBe('a gif\nSteps: 5, Seed: 3, CFG scale: 7');
    expect(reply.json.items).toEqual({ version: 'GIF89a', comment: 'a gif\nSteps: 5, Seed: 3, CFG scale: 7' });
    expect(Object.keys(reply.json.parameters).slice(0, 5)).toEqual([
      'Steps',
      'Seed',
      'CFG scale',
      'Prompt',
      'Negative prompt',
    ]);
  });

  it('drops the loaded model, flags emphasis, old versions and modules as Forge does', async () => {
    const infotext =
      'a (red) cat # hidden\nNegative prompt: dog\nSteps: 20, Sampler: Euler, CFG scale: 7, Seed: 1, Size: 512x768, ' +
      'Model: v1-5-pruned, Version: v1.5.1, Module 1: ae, Hires Module 1: Built-in';
    const reply = await call('POST', '/sdapi/v1/png-info', { image: await rgb({ parameters: infotext }) });
    const parameters = reply.json.parameters;
    expect(parameters).not.toHaveProperty('Model');
    expect(parameters).toMatchObject({
      Prompt: 'a (red) cat \n',
      'Size-1': '512',
      'Size-2': '768',
      Emphasis: 'Original',
      'Downcast alphas_cumprod': true,
      'VAE/TE': ['ae.safetensors'],
      'Hires VAE/TE': [],
    });
  });
});
