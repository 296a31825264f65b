/**
 * The infotext of a JPEG (or an EXIF-carrying WebP's block) as SD.Next and A1111 write it: EXIF
 * `UserComment` (tag 0x9286 of the Exif IFD), written by `piexif.helper.UserComment.dump(text,
 * encoding="unicode")`: `UNICODE\0` then the text in UTF-16BE (`ASCII\0\0\0` then ASCII for the other
 * encoding). Everything here reads untrusted bytes: every offset is checked against the block, so a
 * hostile file can neither read outside it nor loop.
 */
import { isPng, readPngParameters } from '../png-text/index.js';

const ascii = (bytes: Uint8Array, from: number, length: number): string =>
  String.fromCharCode(...bytes.subarray(from, from + length));

/** Whether the bytes start like a JPEG (SOI marker). */
export function isJpeg(bytes: Uint8Array): boolean {
  return bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff;
}

/** The payload of the first APP1 segment starting `Exif\0\0`, looked for before the scan begins. */
function findApp1Exif(jpeg: Uint8Array): Uint8Array | undefined {
  let at = 2;
  while (at + 4 <= jpeg.length && jpeg[at] === 0xff) {
    const marker = jpeg[at + 1] as number;
    if (marker === 0xda || marker === 0xd9) return undefined;
    const length = ((jpeg[at + 2] as number) << 8) | (jpeg[at + 3] as number);
    if (length < 2 || at + 2 + length > jpeg.length) return undefined;
    const payload = jpeg.subarray(at + 4, at + 2 + length);
    if (marker === 0xe1 && ascii(payload, 0, 6) === 'Exif\0\0') return payload;
    at += 2 + length;
  }
  return undefined;
}

/**
 * The raw bytes of a JPEG's EXIF UserComment (charset prefix included), or undefined when the file
 * has no readable one. Any byte order, any IFD layout.
 */
export function readExifUserComment(jpeg: Uint8Array): Uint8Array | undefined {
  const app1 = findApp1Exif(jpeg);
  if (app1 === undefined) return undefined;
  const tiff = app1.subarray(6);
  if (tiff.length < 8) return undefined;
  const little = tiff[0] === 0x49 && tiff[1] === 0x49;
  if (!little && !(tiff[0] === 0x4d && tiff[1] === 0x4d)) return undefined;
  const view = new DataView(tiff.buffer, tiff.byteOffset, tiff.byteLength);
  const u16 = (at: number) => (at + 2 <= tiff.length ? view.getUint16(at, little) : undefined);
  const u32 = (at: number) => (at + 4 <= tiff.length ? view.getUint32(at, little) : undefined);
  /** The entry `tag` of the IFD at `at`: its count and the position of its value field. */
  const entry = (at: number, tag: number) => {
    const count = u16(at);
    if (count === undefined) return undefined;
    for (let i = 0; i < count && at + 2 + i * 12 + 12 <= tiff.length; i++) {
      const base = at + 2 + i * 12;
      if (u16(base) === tag) return { count: u32(base + 4), field: base + 8 };
    }
    return undefined;
  };
  const ifd0 = u32(4);
  if (ifd0 === undefined) return undefined;
  const pointer = entry(ifd0, 0x8769);
  const exifIfd = pointer === undefined ? undefined : u32(pointer.field);
  if (exifIfd === undefined) return undefined;
  const comment = entry(exifIfd, 0x9286);
  if (comment?.count === undefined) return undefined;
  const start = comment.count <= 4 ? comment.field : u32(comment.field);
  if (start === undefined || start + comment.count > tiff.length) return undefined;
  return tiff.subarray(start, start + comment.count);
}

/**
 * The byte order of a UserComment's UTF-16: its byte-order mark when it has one; else the side its
 * zero bytes fall on (the high byte of every Latin character, and a prompt's commas, digits and
 * spaces are Latin), big-endian on a tie. The first character alone misleads: `最` (U+6700) is
 * `67 00` in big-endian.
 */
function utf16Order(body: Uint8Array): 'utf-16le' | 'utf-16be' {
  if (body[0] === 0xff && body[1] === 0xfe) return 'utf-16le';
  if (body[0] === 0xfe && body[1] === 0xff) return 'utf-16be';
  let highFirst = 0;
  let lowFirst = 0;
  for (let i = 0; i + 1 < Math.min(body.length, 8_192); i += 2) {
    if (body[i] === 0) highFirst++;
    if (body[i + 1] === 0) lowFirst++;
  }
  return lowFirst > highFirst ? 'utf-16le' : 'utf-16be';
}

/**
 * A UserComment's text: `UNICODE\0` + UTF-16 (big-endian as piexif writes it; little-endian when
 * the bytes say so, as SD.Next's reader also accepts: see `utf16Order`), `ASCII\0\0\0` + ASCII, else UTF-8. Trailing
 * NULs and outer whitespace go; an empty text is undefined.
 */
export function decodeUserComment(raw: Uint8Array): string | undefined {
  const prefix = ascii(raw, 0, 8);
  let text: string;
  if (prefix === 'UNICODE\0') {
    const body = raw.subarray(8, 8 + (raw.length - 8 - ((raw.length - 8) % 2)));
    text = new TextDecoder(utf16Order(body)).decode(body);
  } else if (prefix === 'ASCII\0\0\0') text = new TextDecoder('latin1').decode(raw.subarray(8));
  else text = new TextDecoder().decode(raw.subarray(prefix === '\0\0\0\0\0\0\0\0' ? 8 : 0));
  text = text.replace(/\0+$/, '').trim();
  return text === '' ? undefined : text;
}

/** The infotext of a JPEG (EXIF UserComment), or undefined when it has none. */
export function readJpegParameters(bytes: Uint8Array): string | undefined {
  const raw = readExifUserComment(bytes);
  return raw === undefined ? undefined : decodeUserComment(raw);
}

/**
 * The infotext of an image as the webuis store it: a PNG's `parameters` chunk, a JPEG's EXIF
 * UserComment (SD.Next's default output; A1111 with `samples_format: jpg`); undefined for other
 * formats or an image without one. Throws `PngFormatError` only for a PNG that cannot be read.
 */
export function readImageParameters(bytes: Uint8Array): string | undefined {
  if (isPng(bytes)) return readPngParameters(bytes);
  if (isJpeg(bytes)) return readJpegParameters(bytes);
  return undefined;
}
