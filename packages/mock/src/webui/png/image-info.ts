import { readPngText } from '@sdwebui/infotext';
import { sniffImage } from './index.js';

/**
 * What `PIL.Image.open` (and the webui's `images.read`, which turns a palette PNG with a `tRNS`
 * chunk into RGBA) reports of an image that png-info reads: its mode, and `image.info` in PIL's
 * order, for the keys the webui keeps (PNG text chunks; GIF `version`, `transparency`, `comment`;
 * JPEG `comment`; BMP `compression`). Bytes values are given decoded, as pydantic serializes them.
 */
export interface PilImage {
  mode: string;
  info: Array<[string, string | number]>;
}

const latin1 = (bytes: Uint8Array) => new TextDecoder('latin1').decode(bytes);
const utf8 = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

/** Whether a chunk of `type` comes before the first IDAT. */
function hasChunk(bytes: Uint8Array, type: string): boolean {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let offset = 8; offset + 8 <= bytes.length; offset += 12 + view.getUint32(offset)) {
    const name = latin1(bytes.subarray(offset + 4, offset + 8));
    if (name === type) return true;
    if (name === 'IDAT') return false;
  }
  return false;
}

function pngImage(bytes: Uint8Array): PilImage {
  const depth = bytes[24];
  const type = bytes[25];
  let mode =
    type === 2
      ? 'RGB'
      : type === 3
        ? 'P'
        : type === 4
          ? 'LA'
          : type === 6
            ? 'RGBA'
            : depth === 1
              ? '1'
              : depth === 16
                ? 'I;16'
                : 'L';
  // `fix_png_transparency`: a palette image whose `transparency` is bytes (a tRNS chunk) becomes RGBA.
  if (mode === 'P' && hasChunk(bytes, 'tRNS')) mode = 'RGBA';
  return { mode, info: readPngText(bytes).map((entry) => [entry.keyword, entry.text]) };
}

/** GIF: the header's version, then the extensions before the first image (graphic control, comment). */
function gifImage(bytes: Uint8Array): PilImage {
  const info: Array<[string, string | number]> = [['version', latin1(bytes.subarray(0, 6))]];
  const flags = bytes[10] ?? 0;
  let offset = 13 + (flags & 0x80 ? 3 * 2 ** ((flags & 7) + 1) : 0);
  while (bytes[offset] === 0x21) {
    const label = bytes[offset + 1];
    const data: number[] = [];
    let block = offset + 2;
    while (block < bytes.length && bytes[block] !== 0) {
      const size = bytes[block] as number;
      data.push(...bytes.subarray(block + 1, block + 1 + size));
      block += size + 1;
    }
    if (label === 0xf9 && (data[0] ?? 0) & 1) info.push(['transparency', data[3] ?? 0]);
    if (label === 0xfe) info.push(['comment', utf8(new Uint8Array(data))]);
    offset = block + 1;
  }
  return { mode: 'P', info };
}

/** JPEG: components of the frame header decide the mode; a COM segment is `comment`. */
function jpegImage(bytes: Uint8Array): PilImage {
  let mode = 'RGB';
  const info: Array<[string, string | number]> = [];
  for (let offset = 2; offset + 4 <= bytes.length && bytes[offset] === 0xff; ) {
    const marker = bytes[offset + 1] as number;
    const length = ((bytes[offset + 2] as number) << 8) | (bytes[offset + 3] as number);
    if (marker === 0xda) break;
    if (marker >= 0xc0 && marker <= 0xcf && ![0xc4, 0xc8, 0xcc].includes(marker)) {
      const components = bytes[offset + 9];
      mode = components === 1 ? 'L' : components === 4 ? 'CMYK' : 'RGB';
    }
    if (marker === 0xfe) info.push(['comment', utf8(bytes.subarray(offset + 4, offset + 2 + length))]);
    offset += 2 + length;
  }
  return { mode, info };
}

/** BMP: bits per pixel decide the mode; the header's compression is `compression`. */
function bmpImage(bytes: Uint8Array): PilImage {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const bits = bytes.length >= 30 ? view.getUint16(28, true) : 24;
  const compression = bytes.length >= 34 ? view.getUint32(30, true) : 0;
  return { mode: bits >= 16 ? 'RGB' : bits === 1 ? '1' : 'P', info: [['compression', compression]] };
}

/** WebP: RGBA when the extended header says alpha (VP8X) or the lossless header does (VP8L). */
function webpImage(bytes: Uint8Array): PilImage {
  const chunk = latin1(bytes.subarray(12, 16));
  const alpha =
    chunk === 'VP8X' ? ((bytes[20] ?? 0) & 0x10) !== 0 : chunk === 'VP8L' ? ((bytes[24] ?? 0) & 0x10) !== 0 : false;
  return { mode: alpha ? 'RGBA' : 'RGB', info: [] };
}

/** Mode and info of an image PIL opened (the caller checked it opens). */
export function pilImageInfo(bytes: Uint8Array): PilImage {
  switch (sniffImage(bytes)) {
    case 'png':
      return pngImage(bytes);
    case 'gif':
      return gifImage(bytes);
    case 'jpeg':
      return jpegImage(bytes);
    case 'bmp':
      return bmpImage(bytes);
    default:
      return webpImage(bytes);
  }
}
