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
 * `piexif.load`): the raw value bytes, or undefined when the file has no readable one. Any byte order,
 * any IFD layout; every offset is checked against the block, so a hostile file cannot read outside it.
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
  /** The entry `tag` of the IFD at `at`: its type, count and value offset field's position. */
  const entry = (at: number, tag: number) => {
    const count = u16(at);
    if (count === undefined) return undefined;
    for (let i = 0; i < count; i++) {
      const base = at + 2 + i * 12;
      if (u16(base) === tag) return { type: u16(base + 2), count: u32(base + 4), field: base + 8 };
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

/** The payload of the first APP1 segment starting `Exif\0\0`, before the scan. */
function findApp1Exif(jpeg: Uint8Array): Uint8Array | undefined {
  let at = 2;
  while (at + 4 <= jpeg.length && jpeg[at] === 0xff) {
    const marker = jpeg[at + 1] as number;
    if (marker === 0xda || marker === 0xd9) return undefined;
    const length = ((jpeg[at + 2] as number) << 8) | (jpeg[at + 3] as number);
    if (length < 2 || at + 2 + length > jpeg.length) return undefined;
    const payload = jpeg.subarray(at + 4, at + 2 + length);
    if (marker === 0xe1 && Buffer.from(payload.subarray(0, 6)).toString('latin1') === 'Exif\0\0') return payload;
    at += 2 + length;
  }
  return undefined;
}
