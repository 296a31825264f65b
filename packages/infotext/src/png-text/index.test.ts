import { deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import {
  crc32,
  encodeTextChunk,
  isPng,
  PngFormatError,
  readPngParameters,
  readPngText,
  writePngText,
} from './index.js';

function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  out.set(new TextEncoder().encode(type), 4);
  out.set(data, 8);
  view.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)));
  return out;
}

/** A valid 1×1 grey PNG built with node:zlib, independent of the code under test except crc32. */
function tinyPng(): Uint8Array {
  const ihdr = new Uint8Array([0, 0, 0, 1, 0, 0, 0, 1, 8, 0, 0, 0, 0]);
  const idat = deflateSync(Buffer.from([0, 0x80]));
  const parts = [
    new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', idat),
    chunk('IEND', new Uint8Array()),
  ];
  return new Uint8Array(Buffer.concat(parts));
}

describe('crc32', () => {
  it('matches the standard check value', () => {
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926);
  });
});

describe('PNG text chunks', () => {
  it('writes the infotext as tEXt before IDAT and reads it back; pixels untouched', () => {
    const png = tinyPng();
    const written = writePngText(png, { parameters: 'puppy dog\nSteps: 5, Sampler: Euler, Seed: 1' });
    expect(isPng(written)).toBe(true);
    expect(readPngText(written)).toEqual([
      { keyword: 'parameters', text: 'puppy dog\nSteps: 5, Sampler: Euler, Seed: 1', chunk: 'tEXt' },
    ]);
    expect(written.length - png.length).toBe(
      encodeTextChunk('parameters', 'puppy dog\nSteps: 5, Sampler: Euler, Seed: 1').length,
    );
    const idat = (bytes: Uint8Array) => Buffer.from(bytes).indexOf('IDAT');
    expect(Buffer.from(written).indexOf('tEXt')).toBeLessThan(idat(written));
    expect(Buffer.from(written.subarray(idat(written) - 4))).toEqual(Buffer.from(png.subarray(idat(png) - 4)));
  });

  it('uses iTXt (UTF-8) for text Latin-1 cannot hold, as PIL does', () => {
    const written = writePngText(tinyPng(), { parameters: '子犬 🐶' });
    expect(readPngText(written)).toEqual([{ keyword: 'parameters', text: '子犬 🐶', chunk: 'iTXt' }]);
  });

  it('replaces an existing entry instead of adding a second one', () => {
    const once = writePngText(tinyPng(), { parameters: 'old', Software: 'x' });
    const twice = writePngText(once, { parameters: 'new' });
    expect(readPngText(twice).map((entry) => `${entry.keyword}=${entry.text}`)).toEqual([
      'Software=x',
      'parameters=new',
    ]);
    expect(readPngParameters(twice)).toBe('new');
  });

  it('keeps chunks named like Object.prototype members that the entries do not replace (issue #23)', () => {
    const once = writePngText(tinyPng(), { constructor: 'a', toString: 'b', ['__proto__']: 'c' });
    const twice = writePngText(once, { parameters: 'new' });
    expect(readPngText(twice).map((entry) => `${entry.keyword}=${entry.text}`)).toEqual([
      'constructor=a',
      'toString=b',
      '__proto__=c',
      'parameters=new',
    ]);
  });

  it('returns undefined when there is no parameters chunk', () => {
    expect(readPngParameters(tinyPng())).toBeUndefined();
  });

  it('rejects what is not a PNG, or is cut short, with a clear error', () => {
    expect(() => readPngText(new TextEncoder().encode('GIF89a...'))).toThrow(
      new PngFormatError('not a PNG file (bad signature)'),
    );
    const cut = writePngText(tinyPng(), { parameters: 'x'.repeat(100) }).subarray(0, 60);
    expect(() => readPngText(cut)).toThrow(/truncated PNG/);
    expect(() => encodeTextChunk('', 'x')).toThrow(/invalid PNG text keyword/);
  });
});
