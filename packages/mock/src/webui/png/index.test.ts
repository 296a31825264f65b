import { createHash } from 'node:crypto';
import { inflateSync } from 'node:zlib';
import { zlibSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { renderPng } from './index.js';

/** The `IDAT` data of a PNG the mock wrote (one `IDAT` chunk). */
function idat(png: Uint8Array): Buffer {
  const bytes = Buffer.from(png);
  for (let at = 8; at < bytes.length; ) {
    const length = bytes.readUInt32BE(at);
    if (bytes.toString('latin1', at + 4, at + 8) === 'IDAT') return bytes.subarray(at + 8, at + 8 + length);
    at += 12 + length;
  }
  throw new Error('no IDAT');
}

describe('renderPng', () => {
  // 512×512 is deflated in one call, 600×600 (over 1 MiB of rows) in batches with turns of the event loop between.
  it.each([
    [512, 512],
    [600, 600],
  ])('%i×%i: rows of a gradient, each with filter 0, deflated as one level-1 stream', async (width, height) => {
    const rows = inflateSync(idat(await renderPng(width, height, 'k', { parameters: 'x' })));
    const stride = 1 + width * 3;
    expect(rows.length).toBe(stride * height);
    for (let y = 0; y < height; y++) expect(rows[y * stride]).toBe(0);
    // Colour depends on x + y only: a row is the previous one shifted by a pixel.
    expect(rows.subarray(stride + 1, 2 * stride - 3)).toEqual(rows.subarray(4, stride));
    if (width === 512)
      expect(idat(await renderPng(width, height, 'k'))).toEqual(Buffer.from(zlibSync(rows, { level: 1 })));
  });

  // The bytes every runtime must give (the runtime matrix checks them on Node 22/24, Bun, Deno, workerd
  // and Chromium): fixed here on Node 20. With node:zlib they were 21,204 bytes on Node and 27,590 on Bun.
  it.each([
    [512, 512, 13_269, 'c6f54b36d179'],
    [600, 600, 12_325, 'faacbdaef154'],
  ])('%i×%i: the same bytes as on every runtime (%i bytes, sha256 %s…)', async (width, height, length, digest) => {
    const png = await renderPng(width, height, '1|a cat', { parameters: 'a cat' });
    expect([png.length, createHash('sha256').update(png).digest('hex').slice(0, 12)]).toEqual([length, digest]);
  });

  it('gives the same bytes for the same size, key and text, and others for another key', async () => {
    const one = await renderPng(64, 32, 'seed|prompt', { parameters: 'a cat' });
    expect(await renderPng(64, 32, 'seed|prompt', { parameters: 'a cat' })).toEqual(one);
    expect(await renderPng(64, 32, 'other|prompt', { parameters: 'a cat' })).not.toEqual(one);
  });
});
