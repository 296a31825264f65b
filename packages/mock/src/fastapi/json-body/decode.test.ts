import { describe, expect, it } from 'vitest';
import { turnsWhile } from '../../testing/event-loop-turns.js';
import { decodeText } from './decode.js';

const MB = 1024 * 1024;

/** UTF-32 bytes of a text, as Python's `text.encode('utf-32-le')` without its BOM. */
function utf32le(text: string): Uint8Array {
  const points = [...text].map((char) => char.codePointAt(0) as number);
  const bytes = new Uint8Array(points.length * 4);
  const view = new DataView(bytes.buffer);
  for (const [index, point] of points.entries()) view.setUint32(index * 4, point, true);
  return bytes;
}

describe('decodeText on bodies of several slices', () => {
  it('multi-byte characters across slice edges decode as in one piece', async () => {
    // 3-byte "€" and 4-byte "😀" shifted so that every alignment with the 1 MiB edges occurs.
    for (const shift of [0, 1, 2, 3]) {
      const text = `{"p": "${'x'.repeat(shift)}${'€😀é'.repeat(300_000)}"}`;
      expect(await decodeText(new Uint8Array(Buffer.from(text)))).toBe(text);
    }
  });

  it('BOMs are dropped, UTF-16 and UTF-32 are read', async () => {
    const text = `{"p": "${'a€😀'.repeat(400_000)}"}`;
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    expect(await decodeText(new Uint8Array(utf16))).toBe(text);
    const bom = new Uint8Array([0xff, 0xfe, 0, 0]);
    expect(await decodeText(new Uint8Array(Buffer.concat([bom, utf32le(text)])))).toBe(text);
    expect(await decodeText(new Uint8Array(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)])))).toBe(
      text,
    );
  });

  it('bytes the codec refuses throw, in any slice', async () => {
    const body = Buffer.from(`{"p": "${'a'.repeat(3 * MB)}"}`);
    const invalid = Buffer.from(body);
    invalid[2 * MB + 5] = 0xff;
    await expect(decodeText(new Uint8Array(invalid))).rejects.toThrow(TypeError);
    // A sequence cut by the end of the body.
    await expect(decodeText(new Uint8Array(Buffer.concat([body, Buffer.from([0xe2, 0x82])])))).rejects.toThrow();
    // Python's UTF-32 codec refuses surrogates and points past U+10FFFF.
    const surrogate = utf32le(`{"p": "${'a'.repeat(MB)}"}`);
    new DataView(surrogate.buffer).setUint32(4 * 700_000, 0xd800, true);
    await expect(decodeText(surrogate)).rejects.toThrow(/surrogate/);
    await expect(decodeText(new Uint8Array([0x7b, 0, 0, 0, 0, 0, 0x11, 0]))).rejects.toThrow(/range/);
  });

  it('lets the event loop run between slices', async () => {
    const { turns } = await turnsWhile(() => decodeText(new Uint8Array(Buffer.alloc(8 * MB, 0x61))));
    expect(turns).toBeGreaterThan(4);
  });
});
