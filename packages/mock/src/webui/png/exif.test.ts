import { describe, expect, it } from 'vitest';
import { exifUserComment, readExifUserComment } from './exif.js';
import { jpegSize, renderJpeg } from './jpeg.js';
import { pilOpens } from './pil-open.js';

/**
 * `piexif.dump({"Exif": {UserComment: UserComment.dump(text, encoding="unicode")}})` as piexif 1.1.3
 * wrote it in the Debian sid chroot the SD.Next fixtures were made in (`bytes.hex()`).
 */
const PIEXIF = {
  'a cat\nNegative prompt: ':
    '4578696600004d4d002a00000008000187690004000000010000001a000000000001928600070000003600000028554e49434f44450000610020006300610074000a004e0065006700610074006900760065002000700072006f006d00700074003a0020',
  'Käse 猫 🐱':
    '4578696600004d4d002a00000008000187690004000000010000001a000000000001928600070000001a00000028554e49434f444500004b00e4007300650020732b0020d83ddc31',
};

describe("SD.Next's EXIF UserComment", () => {
  it.each(Object.entries(PIEXIF))('is piexif.dump byte for byte (%j)', (text, hex) => {
    expect(Buffer.from(exifUserComment(text)).toString('hex')).toBe(hex);
  });

  it('reads back from a JPEG the mock made, and the JPEG opens as PIL opens it', async () => {
    const jpeg = await renderJpeg(37, 21, 'key', exifUserComment('a cat'));
    expect(pilOpens(jpeg)).toBe(true);
    expect(jpegSize(jpeg)).toEqual({ width: 37, height: 21 });
    expect(Buffer.from(readExifUserComment(jpeg) as Uint8Array).toString('latin1')).toBe('UNICODE\0\0a\0 \0c\0a\0t');
  });

  it('reads nothing outside the block from a hostile EXIF (offsets and counts past its end)', async () => {
    const exif = Buffer.from(exifUserComment('a cat'));
    exif.writeUInt32BE(0xfffffff0, 6 + 36); // UserComment's offset far past the end
    expect(readExifUserComment(await renderJpeg(8, 8, 'k', exif))).toBeUndefined();
    const counted = Buffer.from(exifUserComment('a cat'));
    counted.writeUInt32BE(0x7fffffff, 6 + 32); // its count far past the end
    expect(readExifUserComment(await renderJpeg(8, 8, 'k', counted))).toBeUndefined();
    const pointer = Buffer.from(exifUserComment('a cat'));
    pointer.writeUInt32BE(0xfffffff0, 6 + 18); // the Exif IFD pointer far past the end
    expect(readExifUserComment(await renderJpeg(8, 8, 'k', pointer))).toBeUndefined();
    expect(readExifUserComment(new Uint8Array([0xff, 0xd8, 0xff, 0xe1, 0xff, 0xff]))).toBeUndefined();
  });
});
