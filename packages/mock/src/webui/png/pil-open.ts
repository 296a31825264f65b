import { setImmediate as nextTurn } from 'node:timers/promises';
import { crc32 } from '@sdwebui/infotext';
import { Unzlib } from 'fflate';
import { sniffImage } from './index.js';

/** PNG (bit depth, colour type) pairs PIL knows (`PngImagePlugin._MODES`). */
const PNG_MODES = new Set([
  '1,0',
  '2,0',
  '4,0',
  '8,0',
  '16,0',
  '8,2',
  '16,2',
  '1,3',
  '2,3',
  '4,3',
  '8,3',
  '8,4',
  '16,4',
  '8,6',
  '16,6',
]);

/**
 * Whether PIL's `PngImageFile._open` accepts the bytes: it reads chunks up to the first IDAT,
 * each whole and with a correct CRC, the first being a complete IHDR of a known mode. Pixel
 * data is not read (`Image.open` is lazy), so a PNG cut inside its IDAT still opens.
 */
function pngOpens(bytes: Uint8Array): boolean {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let offset = 8;
  for (let index = 0; ; index++) {
    if (offset + 8 > bytes.length) return false;
    const length = view.getUint32(offset);
    const type = String.fromCharCode(...bytes.subarray(offset + 4, offset + 8));
    if (!/^\w{4}$/.test(type)) return false;
    if (index === 0 && (type !== 'IHDR' || length < 13)) return false;
    if (type === 'IDAT') return true;
    if (offset + 12 + length > bytes.length) return false;
    if (crc32(bytes.subarray(offset + 4, offset + 8 + length)) !== view.getUint32(offset + 8 + length)) return false;
    if (type === 'IHDR') {
      // ImageFile refuses an image of zero width or height ("not identified by this driver").
      if (view.getUint32(offset + 8) === 0 || view.getUint32(offset + 12) === 0) return false;
      if (!PNG_MODES.has(`${bytes[offset + 16]},${bytes[offset + 17]}`)) return false;
    }
    offset += 12 + length;
  }
}

/**
 * Whether PIL's `JpegImageFile._open` accepts the bytes: after `FF D8 FF` it walks marker
 * segments (skipping fill bytes) to the start of scan, which must come after a frame header;
 * an unknown marker or a segment cut short fails.
 */
function jpegOpens(bytes: Uint8Array): boolean {
  let offset = 2;
  let frame = false;
  while (offset < bytes.length) {
    if (bytes[offset] !== 0xff) {
      offset++;
      continue;
    }
    const marker = bytes[offset + 1];
    if (marker === undefined) return false;
    if (marker === 0xff) {
      offset++;
      continue;
    }
    if (marker === 0x00) {
      offset += 2;
      continue;
    }
    if (marker < 0xc0 || marker === 0xd8 || marker === 0xd9 || (marker >= 0xd0 && marker <= 0xd7)) {
      if (marker < 0xc0) return false;
      offset += 2;
      continue;
    }
    if (offset + 4 > bytes.length) return false;
    const length = ((bytes[offset + 2] as number) << 8) | (bytes[offset + 3] as number);
    if (length < 2 || offset + 2 + length > bytes.length) return false;
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) frame = true;
    if (marker === 0xda) return frame;
    offset += 2 + length;
  }
  return false;
}

/**
 * Whether `PIL.Image.open` would identify the bytes as an image, which is all the webui's
 * decoding asks (it reads pixels later). PNG and JPEG are checked as PIL's plugins check
 * them; GIF, WebP and BMP by their signature only.
 */
export function pilOpens(bytes: Uint8Array): boolean {
  const format = sniffImage(bytes);
  if (format === 'png')
    return (
      bytes.length >= 8 &&
      bytes[4] === 0x0d &&
      bytes[5] === 0x0a &&
      bytes[6] === 0x1a &&
      bytes[7] === 0x0a &&
      pngOpens(bytes)
    );
  if (format === 'jpeg') return jpegOpens(bytes);
  return format !== undefined;
}

/** Channels per PNG colour type. */
const CHANNELS: Record<number, number> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };

/** Images whose raw pixels exceed this are not inflated to check them (the mock does not decode them either). */
const MAX_CHECKED_BYTES = 64 * 1024 * 1024;

/**
 * Why loading the pixels (`Image.load()`, which the webui's processing, extras and interrogate
 * do) would fail, or undefined when it would not. PNG only: its IDAT stream must inflate to the
 * end; a file cut inside it is Pillow's `OSError("image file is truncated")`. The stream is
 * inflated by fflate (plain JavaScript, on every runtime) in slices with a turn of the event loop
 * between them, and its output counted, not kept: tens of megabytes of pixels neither stall the
 * event loop nor stay in memory.
 */
export async function pilLoadError(bytes: Uint8Array): Promise<string | undefined> {
  if (sniffImage(bytes) !== 'png') return undefined;
  if (!pilOpens(bytes)) return 'image file is truncated';
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const parts: Uint8Array[] = [];
  for (let offset = 8; offset + 8 <= bytes.length; offset += 12 + view.getUint32(offset)) {
    const type = String.fromCharCode(...bytes.subarray(offset + 4, offset + 8));
    if (type === 'IDAT')
      parts.push(bytes.subarray(offset + 8, Math.min(bytes.length, offset + 8 + view.getUint32(offset))));
    else if (parts.length > 0) break;
  }
  // Raw size from IHDR (interlacing adds a little): the bound keeps a zlib bomb from running on.
  const bitsPerPixel = (bytes[24] ?? 8) * (CHANNELS[bytes[25] ?? 0] ?? 4);
  const rawBytes = view.getUint32(20) * (1 + Math.ceil((view.getUint32(16) * bitsPerPixel) / 8));
  if (rawBytes > MAX_CHECKED_BYTES) return undefined;
  const maxOutput = 2 * rawBytes + 1024;
  let output = 0;
  let ended = false;
  const inflate = new Unzlib((chunk, final) => {
    output += chunk.length;
    if (final) ended = true;
  });
  try {
    for (const [index, part] of parts.entries()) {
      for (let at = 0; at < part.length || (at === 0 && part.length === 0); at += INFLATE_SLICE) {
        const last = index === parts.length - 1 && at + INFLATE_SLICE >= part.length;
        inflate.push(part.subarray(at, at + INFLATE_SLICE), last);
        if (output > maxOutput) return undefined;
        if (!last) await nextTurn();
      }
    }
    if (parts.length === 0) inflate.push(new Uint8Array(), true);
  } catch {
    // fflate throws on a corrupt stream and on one cut short ("unexpected EOF").
    return 'image file is truncated';
  }
  // The zlib stream must reach its end: one cut short (or none at all) is an error.
  return ended ? undefined : 'image file is truncated';
}

/**
 * Compressed bytes inflated between two turns of the event loop. fflate hands over everything a
 * pushed slice inflates to before the output bound is checked, and deflate reaches ~1,000:1: 256 KiB
 * of a zlib bomb made 268 MB in one push; 8 KiB makes at most ~8 MB.
 */
const INFLATE_SLICE = 8 * 1024;

/** The part of a PNG that `Image.open` reads: the signature and the chunks before the first IDAT. */
export function pngBeforeIdat(bytes: Uint8Array): Uint8Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let offset = 8;
  while (offset + 8 <= bytes.length && String.fromCharCode(...bytes.subarray(offset + 4, offset + 8)) !== 'IDAT') {
    offset += 12 + view.getUint32(offset);
  }
  return bytes.subarray(0, Math.min(offset, bytes.length));
}
