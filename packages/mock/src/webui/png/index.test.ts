import { deflateSync, inflateSync } from 'node:zlib';
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
  // 512×512 is deflated in one call, 600×600 (over 1 MiB of rows) in batches on the thread pool.
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
    expect(idat(await renderPng(width, height, 'k'))).toEqual(deflateSync(rows, { level: 1 }));
  });

  it('gives the same bytes for the same size, key and text, and others for another key', async () => {
    const one = await renderPng(64, 32, 'seed|prompt', { parameters: 'a cat' });
    expect(await renderPng(64, 32, 'seed|prompt', { parameters: 'a cat' })).toEqual(one);
    expect(await renderPng(64, 32, 'other|prompt', { parameters: 'a cat' })).not.toEqual(one);
  });
});
