import { describe, expect, it } from 'vitest';
import { decodeUserComment, isJpeg, readExifUserComment, readImageParameters, readJpegParameters } from './index.js';

/** `UNICODE\0` + UTF-16BE, as `piexif.helper.UserComment.dump(text, encoding="unicode")` writes it. */
function unicodeComment(text: string): Uint8Array {
  const out = new Uint8Array(8 + text.length * 2);
  out.set(new TextEncoder().encode('UNICODE\0'));
  const view = new DataView(out.buffer);
  for (let i = 0; i < text.length; i++) view.setUint16(8 + i * 2, text.charCodeAt(i));
  return out;
}

function littleEndian(text: string): Uint8Array {
  const out = new Uint8Array(text.length * 2);
  for (let i = 0; i < text.length; i++) new DataView(out.buffer).setUint16(i * 2, text.charCodeAt(i), true);
  return out;
}

/** A TIFF block as piexif.dump writes it: IFD0 with the Exif IFD pointer, the Exif IFD with UserComment. */
function exifBlock(comment: Uint8Array, little = false, patch?: (view: DataView) => void): Uint8Array {
  const tiff = new Uint8Array(40 + comment.length);
  const view = new DataView(tiff.buffer);
  tiff.set(new TextEncoder().encode(little ? 'II' : 'MM'));
  view.setUint16(2, 42, little);
  view.setUint32(4, 8, little);
  view.setUint16(8, 1, little);
  view.setUint16(10, 0x8769, little);
  view.setUint16(12, 4, little);
  view.setUint32(14, 1, little);
  view.setUint32(18, 26, little);
  view.setUint16(26, 1, little);
  view.setUint16(28, 0x9286, little);
  view.setUint16(30, 7, little);
  view.setUint32(32, comment.length, little);
  view.setUint32(36, 40, little);
  tiff.set(comment, 40);
  patch?.(view);
  const payload = new Uint8Array(6 + tiff.length);
  payload.set(new TextEncoder().encode('Exif\0\0'));
  payload.set(tiff, 6);
  return payload;
}

/** SOI, an APP0, the APP1 with `payload`, then the start of a scan and EOI. */
function jpeg(payload: Uint8Array): Uint8Array {
  const app0 = [0xff, 0xe0, 0x00, 0x04, 0x4a, 0x46];
  const length = payload.length + 2;
  return new Uint8Array([
    0xff,
    0xd8,
    ...app0,
    0xff,
    0xe1,
    length >> 8,
    length & 0xff,
    ...payload,
    0xff,
    0xda,
    0x00,
    0x02,
    0xff,
    0xd9,
  ]);
}

const TEXT = 'a cat\nSteps: 20, Size: 64x64, App: SD.Next, Version: 058a7f0, Model: sd_xl_base_1.0 ✓';

describe('JPEG EXIF infotext', () => {
  it("reads SD.Next's UserComment (UNICODE, UTF-16BE) in either byte order of the TIFF block", () => {
    for (const little of [false, true]) {
      const image = jpeg(exifBlock(unicodeComment(TEXT), little));
      expect(isJpeg(image)).toBe(true);
      expect(readJpegParameters(image)).toBe(TEXT);
      expect(readImageParameters(image)).toBe(TEXT);
    }
  });

  it('decodes the ASCII charset and text without a prefix; an empty comment is none', () => {
    const ascii = new Uint8Array([...new TextEncoder().encode('ASCII\0\0\0'), ...new TextEncoder().encode('x y')]);
    expect(decodeUserComment(ascii)).toBe('x y');
    expect(decodeUserComment(new TextEncoder().encode('plain ü'))).toBe('plain ü');
    expect(decodeUserComment(unicodeComment('  '))).toBeUndefined();
  });

  it('tells UTF-16 byte orders apart by the whole text, not its first character', () => {
    // 最 is U+6700: big-endian 67 00, which a first-character rule took for little-endian.
    const prompt = '最高品質, 1girl, Steps: 20';
    expect(decodeUserComment(unicodeComment(prompt))).toBe(prompt);
    const little = new Uint8Array([...new TextEncoder().encode('UNICODE\0'), ...littleEndian(prompt)]);
    expect(decodeUserComment(little)).toBe(prompt);
    const marked = new Uint8Array([...new TextEncoder().encode('UNICODE\0'), 0xff, 0xfe, ...littleEndian('最高')]);
    expect(decodeUserComment(marked)).toBe('最高');
  });

  it('gives undefined for a JPEG without EXIF, another format, or a hostile block, never reading outside it', () => {
    expect(readJpegParameters(jpeg(new Uint8Array([0x4a, 0x46, 0x49, 0x46, 0, 0])))).toBeUndefined();
    expect(readImageParameters(new TextEncoder().encode('GIF89a....'))).toBeUndefined();
    const comment = unicodeComment(TEXT);
    const hostile: Array<(view: DataView) => void> = [
      (view) => view.setUint32(32, 0xffffffff), // a count past the end
      (view) => view.setUint32(36, 0xfffffff0), // an offset past the end
      (view) => view.setUint32(18, 0x7fffffff), // the Exif IFD pointer past the end
      // 65,535 entries claimed in a block of 40 bytes, none of them the pointer: the scan stops at the end.
      (view) => (view.setUint16(8, 0xffff), view.setUint16(10, 0x1234)),
    ];
    for (const patch of hostile) expect(readExifUserComment(jpeg(exifBlock(comment, false, patch)))).toBeUndefined();
    // A segment length past the file, and one of 0.
    expect(readExifUserComment(new Uint8Array([0xff, 0xd8, 0xff, 0xe1, 0xff, 0xff]))).toBeUndefined();
    expect(readExifUserComment(new Uint8Array([0xff, 0xd8, 0xff, 0xe1, 0x00, 0x00, 0xff, 0xd9]))).toBeUndefined();
  });
});
