/**
 * The EXIF block SD.Next puts in its JPEGs: `piexif.dump({"Exif": {UserComment: …}})` with the comment
 * from `piexif.helper.UserComment.dump(text, encoding="unicode")`, byte for byte: a big-endian TIFF
 * header, IFD0 holding only the Exif IFD pointer, and an Exif IFD holding only UserComment (37510,
 * UNDEFINED), written as piexif writes it (no next-IFD offset after it), the value `UNICODE\0` plus
 * the text in UTF-16BE.
 */
export function exifUserComment(text: string): Uint8Array {
  const utf16 = Buffer.alloc(text.length * 2);
  for (let i = 0; i < text.length; i++) utf16.writeUInt16BE(text.charCodeAt(i), i * 2);
  const comment = Buffer.concat([Buffer.from('UNICODE\0', 'latin1'), utf16]);
  const tiff = Buffer.alloc(40);
  tiff.write('MM', 0, 'latin1');
  tiff.writeUInt16BE(42, 2);
  tiff.writeUInt32BE(8, 4); // IFD0
  tiff.writeUInt16BE(1, 8);
  tiff.writeUInt16BE(0x8769, 10); // ExifIFD pointer, LONG × 1
  tiff.writeUInt16BE(4, 12);
  tiff.writeUInt32BE(1, 14);
  tiff.writeUInt32BE(26, 18);
  tiff.writeUInt32BE(0, 22); // no IFD1
  tiff.writeUInt16BE(1, 26);
  tiff.writeUInt16BE(0x9286, 28); // UserComment, UNDEFINED × its length, at 40
  tiff.writeUInt16BE(7, 30);
  tiff.writeUInt32BE(comment.length, 32);
  tiff.writeUInt32BE(40, 36);
  const exif = Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), tiff, comment]);
  return new Uint8Array(exif.buffer, exif.byteOffset, exif.byteLength);
}

/**
 * The UserComment of a JPEG's EXIF block as SD.Next reads it back (`metadata.read_info_from_image` on
 * `piexif.load`): the raw value bytes, or undefined. The reader the SDK and the CLI use too.
 */
export { readExifUserComment } from '@sdwebui/infotext';
