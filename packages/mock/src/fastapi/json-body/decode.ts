import { setImmediate as nextTurn } from 'node:timers/promises';

/** Bytes decoded per turn of the event loop: a large body is decoded a slice at a time, the loop running between. */
const DECODE_SLICE = 1024 * 1024;

/** `json.detect_encoding`: the codec `json.loads(bytes)` decodes with, from BOMs and NUL patterns. */
function detectEncoding(bytes: Uint8Array): string {
  const starts = (...values: number[]) => values.every((value, index) => bytes[index] === value);
  if (starts(0x00, 0x00, 0xfe, 0xff)) return 'utf-32be';
  if (starts(0xff, 0xfe, 0x00, 0x00)) return 'utf-32le';
  if (starts(0xfe, 0xff)) return 'utf-16be';
  if (starts(0xff, 0xfe)) return 'utf-16le';
  if (starts(0xef, 0xbb, 0xbf)) return 'utf-8';
  if (bytes.length >= 4) {
    if (!bytes[0]) return bytes[1] ? 'utf-16be' : 'utf-32be';
    if (!bytes[1]) return bytes[2] || bytes[3] ? 'utf-16le' : 'utf-32le';
  } else if (bytes.length === 2) {
    if (!bytes[0]) return 'utf-16be';
    if (!bytes[1]) return 'utf-16le';
  }
  return 'utf-8';
}

/**
 * UTF-32 by hand (TextDecoder has none), as Python's codec: BOM dropped at the start, code points past
 * U+10FFFF and surrogates refused. Code points are turned into text a batch at a time.
 */
function decodeUtf32Slice(view: DataView, from: number, to: number, little: boolean): string {
  const pieces: string[] = [];
  const points: number[] = [];
  for (let offset = from; offset < to; offset += 4) {
    const point = view.getUint32(offset, little);
    if (point > 0x10ffff) throw new TypeError('code point not in range(0x110000)');
    if (point >= 0xd800 && point < 0xe000) throw new TypeError('code point in surrogate code point range');
    if (!(offset === 0 && point === 0xfeff)) points.push(point);
    if (points.length === 4096) pieces.push(String.fromCodePoint(...points.splice(0)));
  }
  pieces.push(String.fromCodePoint(...points));
  return pieces.join('');
}

/**
 * Decodes as `json.loads(bytes)` does; throws on bytes the codec rejects (a `UnicodeDecodeError`).
 * A body over one slice is decoded a slice at a time, with the event loop running between slices.
 */
export async function decodeText(bytes: Uint8Array): Promise<string> {
  const encoding = detectEncoding(bytes);
  const slices = Math.ceil(bytes.length / DECODE_SLICE);
  let text = '';
  if (encoding.startsWith('utf-32')) {
    if (bytes.length % 4 !== 0) throw new TypeError('truncated UTF-32 data');
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    for (let slice = 0; slice < slices; slice++) {
      if (slice > 0) await nextTurn();
      const end = Math.min(bytes.length, (slice + 1) * DECODE_SLICE);
      text += decodeUtf32Slice(view, slice * DECODE_SLICE, end, encoding === 'utf-32le');
    }
    return text;
  }
  const decoder = new TextDecoder(encoding, { fatal: true });
  for (let slice = 0; slice < slices; slice++) {
    // The first slice follows the read of the body: a turn apart, so the two never add up.
    if (slices > 1) await nextTurn();
    const chunk = bytes.subarray(slice * DECODE_SLICE, (slice + 1) * DECODE_SLICE);
    text += decoder.decode(chunk, { stream: slice < slices - 1 });
  }
  return text;
}
