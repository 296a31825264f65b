import { crc32 as zlibCrc32 } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { crc32 } from './index.js';

describe('crc32', () => {
  it('gives the check value of the CRC-32 standard and of an empty input', () => {
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926);
    expect(crc32(new Uint8Array())).toBe(0);
  });

  it('agrees with zlib on the bytes of a PNG chunk and on random bytes', () => {
    const iend = new Uint8Array([0x49, 0x45, 0x4e, 0x44]);
    expect(crc32(iend)).toBe(0xae426082);
    const random = new Uint8Array(70_000).map((_, index) => (index * 2654435761) >>> 24);
    expect(crc32(random)).toBe(zlibCrc32(random));
  });
});
