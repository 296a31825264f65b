import { hash } from 'node:crypto';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { crc32 } from '@sdwebui/infotext';
import { Zlib, zlibSync } from 'fflate';

/**
 * Synthetic images for the mock: a deterministic two-colour gradient (colours from a hash of
 * seed and prompt) of the requested size, encoded as RGB PNG with the text chunks given.
 * Same request, same bytes, on every runtime: the rows are compressed by fflate (plain JavaScript),
 * not `node:zlib`, whose output depends on the zlib each runtime is built with (Bun's and Deno's
 * PNGs of one request were 1,090 bytes where Node's were 1,016).
 */
/** One PNG chunk: length, type, data and the CRC over type and data. */
export function pngChunk(type: string, data: Uint8Array): Buffer {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'latin1');
  out.set(data, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** The two colours of the synthetic gradient for `key` (seed and prompt): same key, same image. */
export function colorsFor(key: string): [number[], number[]] {
  const digest = hash('sha256', key, 'buffer');
  return [
    [digest[0] as number, digest[1] as number, digest[2] as number],
    [digest[3] as number, digest[4] as number, digest[5] as number],
  ];
}

/** Largest side the mock renders: a bound on the per-row work and the gradient table. */
export const MAX_PNG_SIDE = 16_384;

/** Raw bytes handed to the compressor at a time; between batches the event loop runs. */
const ROWS_BYTES = 256 * 1024;

/**
 * Images up to this many raw bytes (512×640 RGB) are deflated in one synchronous call: about a
 * millisecond on the main thread, less than the stream's thread-pool round trips and hops cost.
 */
const SYNC_BYTES = 1024 * 1024;

/** Deflate level of every image: the fastest, as the pixels are a smooth gradient anyway. */
const LEVEL = 1;

/**
 * The rows of a one-call image (and its diagonal table), reused: filled and deflated without an await in
 * between, so no two images share it, and no megabyte is allocated and zeroed per image.
 */
let scratch: Uint8Array | undefined;

/** Rows deflated in one-call images since the event loop last turned here: a batch of them yields every 4 MiB. */
let rowsSinceTurn = 0;
const ROWS_PER_TURN = 4 * 1024 * 1024;

/** `tEXt` for Latin-1 text, else uncompressed `iTXt`, as PIL writes them (the format `@sdwebui/infotext` reads). */
function textChunk(keyword: string, text: string): Buffer {
  const key = Buffer.from(keyword, 'latin1');
  if (/^[\u0000-\u00ff]*$/.test(text)) {
    return pngChunk('tEXt', Buffer.concat([key, Buffer.from([0]), Buffer.from(text, 'latin1')]));
  }
  return pngChunk('iTXt', Buffer.concat([key, Buffer.from([0, 0, 0, 0, 0]), Buffer.from(text, 'utf8')]));
}

/**
 * Deflates the image's rows: row `y` is its filter byte (0: none) and the pixels `diagonal[y, y + width)`.
 * Each working buffer holds the diagonal table after its rows, so a row is one `copyWithin`, no view made.
 * Large images are pushed to a zlib stream in batches with a turn of the event loop between them, so
 * memory and main-thread time stay per batch; small ones in one call (see `SYNC_BYTES`). Both inflate
 * to the same rows; each path gives the same bytes on every runtime.
 */
async function compressRows(width: number, height: number, diagonal: Uint8Array): Promise<Uint8Array> {
  const stride = 1 + width * 3;
  /** Fills rows `first .. first + count` at the start of `buffer`, which has room for the table after them. */
  const fill = (buffer: Uint8Array, first: number, count: number): Uint8Array => {
    const table = count * stride;
    buffer.set(diagonal, table);
    for (let row = 0; row < count; row++) {
      const at = row * stride;
      buffer[at] = 0;
      buffer.copyWithin(at + 1, table + (first + row) * 3, table + (first + row + width) * 3);
    }
    return buffer.subarray(0, table);
  };
  if (height * stride <= SYNC_BYTES) {
    scratch ??= new Uint8Array(SYNC_BYTES + 2 * MAX_PNG_SIDE * 3);
    const raw = fill(scratch, 0, height);
    const compressed = zlibSync(raw, { level: LEVEL });
    // A batch of small images never blocks the event loop for long: a turn every few milliseconds of deflating.
    rowsSinceTurn += raw.length;
    if (rowsSinceTurn >= ROWS_PER_TURN) {
      rowsSinceTurn = 0;
      await nextTurn();
    }
    return compressed;
  }
  const parts: Uint8Array[] = [];
  const stream = new Zlib({ level: LEVEL }, (part) => parts.push(part));
  const rowsPerBatch = Math.max(1, Math.floor(ROWS_BYTES / stride));
  const batch = new Uint8Array(rowsPerBatch * stride + diagonal.length);
  for (let y = 0; y < height; y += rowsPerBatch) {
    const count = Math.min(rowsPerBatch, height - y);
    // fflate copies what it keeps of a chunk (its window), so one batch buffer serves every batch.
    stream.push(fill(batch, y, count), y + count >= height);
    await nextTurn();
  }
  return concat(parts);
}

/** The parts laid end to end in one array. */
function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/**
 * A synthetic output image of 1..MAX_PNG_SIDE pixels per side. Rows are compressed in batches with
 * turns of the event loop between them, so a large image never blocks the server for long; text
 * chunks go before `IDAT`.
 */
export async function renderPng(
  width: number,
  height: number,
  key: string,
  text: Record<string, string> = {},
): Promise<Uint8Array> {
  if (!(Number.isInteger(width) && Number.isInteger(height) && width >= 1 && height >= 1)) {
    throw new RangeError(`PNG size must be positive integers, got ${width}x${height}`);
  }
  if (width > MAX_PNG_SIDE || height > MAX_PNG_SIDE) {
    throw new RangeError(`PNG side over ${MAX_PNG_SIDE}: ${width}x${height}`);
  }
  const [from, to] = colorsFor(key);
  // The colour depends on x + y only: compute each diagonal once, then every row is a slice.
  const span = Math.max(1, width + height - 2);
  const diagonal = new Uint8Array((width + height) * 3);
  for (let d = 0; d < width + height; d++) {
    const t = Math.min(d, span) / span;
    for (let c = 0; c < 3; c++)
      diagonal[d * 3 + c] = (from[c] as number) + ((to[c] as number) - (from[c] as number)) * t;
  }
  const idat = await compressRows(width, height, diagonal);
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8);
  const texts = Object.entries(text).map(([keyword, value]) => textChunk(keyword, value));
  const end = pngChunk('IEND', new Uint8Array());
  const png = Buffer.concat([SIGNATURE, pngChunk('IHDR', header), ...texts, pngChunk('IDAT', idat), end]);
  return new Uint8Array(png.buffer, png.byteOffset, png.byteLength);
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
