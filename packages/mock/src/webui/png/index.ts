import { createHash } from 'node:crypto';
import { crc32, deflateSync } from 'node:zlib';
import { writePngText } from '@sdwebui/infotext';

/**
 * Synthetic images for the mock: a deterministic two-colour gradient (colours from a hash of
 * seed and prompt) of the requested size, encoded as RGB PNG with the text chunks given.
 * Same request, same bytes.
 */
function chunk(type: string, data: Uint8Array): Buffer {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'latin1');
  out.set(data, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

export function colorsFor(key: string): [number[], number[]] {
  const digest = createHash('sha256').update(key).digest();
  return [[...digest.subarray(0, 3)], [...digest.subarray(3, 6)]];
}

export function renderPng(width: number, height: number, key: string, text: Record<string, string> = {}): Uint8Array {
  const [from, to] = colorsFor(key);
  const stride = 1 + width * 3;
  const raw = Buffer.alloc(stride * height);
  // The colour depends on x + y only: compute each diagonal once, then every row is a slice.
  const span = Math.max(1, width + height - 2);
  const diagonal = new Uint8Array((width + height) * 3);
  for (let d = 0; d < width + height; d++) {
    const t = Math.min(d, span) / span;
    for (let c = 0; c < 3; c++) diagonal[d * 3 + c] = (from[c] as number) + ((to[c] as number) - (from[c] as number)) * t;
  }
  for (let y = 0; y < height; y++) raw.set(diagonal.subarray(y * 3, (y + width) * 3), y * stride + 1);
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8);
  const png = Buffer.concat([SIGNATURE, chunk('IHDR', header), chunk('IDAT', deflateSync(raw, { level: 1 })), chunk('IEND', new Uint8Array())]);
  return Object.keys(text).length > 0 ? writePngText(png, text) : new Uint8Array(png);
}

export type ImageFormat = 'png' | 'jpeg' | 'gif' | 'webp' | 'bmp';

/** The image format of some bytes, from their signature, as PIL would recognise them. */
export function sniffImage(bytes: Uint8Array): ImageFormat | undefined {
  const starts = (...values: number[]) => values.every((value, index) => bytes[index] === value);
  if (starts(0x89, 0x50, 0x4e, 0x47)) return 'png';
  if (starts(0xff, 0xd8, 0xff)) return 'jpeg';
  if (starts(0x47, 0x49, 0x46, 0x38)) return 'gif';
  if (starts(0x52, 0x49, 0x46, 0x46) && bytes[8] === 0x57 && bytes[9] === 0x45) return 'webp';
  if (starts(0x42, 0x4d)) return 'bmp';
  return undefined;
}

/** Width and height of a PNG, from its IHDR; undefined for other formats. */
export function pngSize(bytes: Uint8Array): { width: number; height: number } | undefined {
  if (sniffImage(bytes) !== 'png' || bytes.length < 24) return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return { width: view.getUint32(16), height: view.getUint32(20) };
}
