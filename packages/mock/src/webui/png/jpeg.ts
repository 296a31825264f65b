import { colorsFor, MAX_PNG_SIDE } from './index.js';

/**
 * Synthetic JPEGs for the mock: the same two-colour gradient as the PNGs, as a baseline JPEG whose
 * 8×8 blocks each hold one flat colour (DC coefficients only, every AC band ended at once), 4:4:4
 * YCbCr. Encoding is a few table lookups per block, so even large images cost little and yield
 * between rows. Segments follow what Pillow writes: JFIF, then the caller's APP1 (EXIF), then the
 * tables and the scan. Same key, same bytes.
 */

/** Annex K's DC tables (luminance, chrominance): code counts per length, then the symbols 0..11. */
const DC_TABLES = [
  { bits: [0, 1, 5, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0], values: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11] },
  { bits: [0, 3, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0], values: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11] },
];
/** The only AC symbol ever written is end-of-block: one code, `0`. */
const AC_TABLE = { bits: [1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], values: [0] };
/** DC quantizer 8: a flat block of level `v` then codes `v - 128` exactly. */
const DC_QUANT = 8;

type Code = { code: number; length: number };

/** Canonical Huffman codes of a table (Annex C). */
function huffmanCodes(table: { bits: number[]; values: number[] }): Map<number, Code> {
  const codes = new Map<number, Code>();
  let code = 0;
  let k = 0;
  for (let length = 1; length <= 16; length++) {
    for (let i = 0; i < (table.bits[length - 1] as number); i++)
      codes.set(table.values[k++] as number, { code: code++, length });
    code <<= 1;
  }
  return codes;
}

const DC_CODES = DC_TABLES.map(huffmanCodes);

function segment(marker: number, payload: Uint8Array | number[]): Buffer {
  const body = Buffer.from(payload);
  const head = Buffer.from([0xff, marker, 0, 0]);
  head.writeUInt16BE(body.length + 2, 2);
  return Buffer.concat([head, body]);
}

/** JFIF 1.01, no units, 1:1 density (Pillow's default header). */
const JFIF = segment(0xe0, [0x4a, 0x46, 0x49, 0x46, 0, 1, 1, 0, 0, 1, 0, 1, 0, 0]);

function tables(): Buffer {
  const quant = new Array(64).fill(1);
  quant[0] = DC_QUANT;
  const dht = (cls: number, id: number, table: { bits: number[]; values: number[] }) =>
    segment(0xc4, [(cls << 4) | id, ...table.bits, ...table.values]);
  return Buffer.concat([
    segment(0xdb, [0, ...quant]),
    dht(0, 0, DC_TABLES[0] as (typeof DC_TABLES)[0]),
    dht(0, 1, DC_TABLES[1] as (typeof DC_TABLES)[0]),
    dht(1, 0, AC_TABLE),
    dht(1, 1, AC_TABLE),
  ]);
}

/** Entropy-coded bits with 0xFF stuffing. */
class BitWriter {
  private bytes: number[] = [];
  private buffer = 0;
  private count = 0;

  write(code: number, length: number): void {
    for (let bit = length - 1; bit >= 0; bit--) {
      this.buffer = (this.buffer << 1) | ((code >> bit) & 1);
      if (++this.count === 8) this.flushByte();
    }
  }

  private flushByte(): void {
    this.bytes.push(this.buffer);
    if (this.buffer === 0xff) this.bytes.push(0);
    this.buffer = 0;
    this.count = 0;
  }

  /** Pads the last byte with ones (F.1.2.3) and returns everything written. */
  finish(): Buffer {
    if (this.count > 0) this.write((1 << (8 - this.count)) - 1, 8 - this.count);
    return Buffer.from(this.bytes);
  }
}

/** One block's DC difference: its category's code, then the category's low bits of the value. */
function writeDc(out: BitWriter, codes: Map<number, Code>, diff: number): void {
  const magnitude = Math.abs(diff);
  const category = magnitude === 0 ? 0 : 32 - Math.clz32(magnitude);
  const { code, length } = codes.get(category) as Code;
  out.write(code, length);
  if (category > 0) out.write(diff < 0 ? diff + (1 << category) - 1 : diff, category);
  out.write(0, 1); // end of block
}

/** Blocks rows encoded between turns of the event loop. */
const ROWS_PER_TURN = 64;

/**
 * A synthetic JPEG of 1..MAX_PNG_SIDE pixels per side; `app1` (an EXIF segment's payload, `Exif\0\0…`)
 * is written after the JFIF header when given.
 */
export async function renderJpeg(width: number, height: number, key: string, app1?: Uint8Array): Promise<Uint8Array> {
  if (!(Number.isInteger(width) && Number.isInteger(height) && width >= 1 && height >= 1)) {
    throw new RangeError(`JPEG size must be positive integers, got ${width}x${height}`);
  }
  if (width > MAX_PNG_SIDE || height > MAX_PNG_SIDE)
    throw new RangeError(`JPEG side over ${MAX_PNG_SIDE}: ${width}x${height}`);
  const [from, to] = colorsFor(key);
  const span = Math.max(1, width + height - 2);
  const out = new BitWriter();
  const previous = [0, 0, 0];
  const rows = Math.ceil(height / 8);
  const columns = Math.ceil(width / 8);
  for (let row = 0; row < rows; row++) {
    if (row > 0 && row % ROWS_PER_TURN === 0) await new Promise<void>((resolve) => setImmediate(resolve));
    for (let column = 0; column < columns; column++) {
      // The block's colour is the gradient's at its centre (clamped to the image).
      const t = Math.min(Math.min(column * 8 + 4, width - 1) + Math.min(row * 8 + 4, height - 1), span) / span;
      const [r, g, b] = [0, 1, 2].map((c) => (from[c] as number) + ((to[c] as number) - (from[c] as number)) * t) as [
        number,
        number,
        number,
      ];
      const ycc = [
        0.299 * r + 0.587 * g + 0.114 * b,
        128 - 0.168736 * r - 0.331264 * g + 0.5 * b,
        128 + 0.5 * r - 0.418688 * g - 0.081312 * b,
      ];
      for (let c = 0; c < 3; c++) {
        const dc = Math.round(Math.min(255, Math.max(0, ycc[c] as number))) - 128;
        writeDc(out, DC_CODES[c === 0 ? 0 : 1] as Map<number, Code>, dc - (previous[c] as number));
        previous[c] = dc;
      }
    }
  }
  const frame = [8, height >> 8, height & 0xff, width >> 8, width & 0xff, 3, 1, 0x11, 0, 2, 0x11, 0, 3, 0x11, 0];
  const scan = [3, 1, 0x00, 2, 0x11, 3, 0x11, 0, 63, 0];
  const jpeg = Buffer.concat([
    Buffer.from([0xff, 0xd8]),
    JFIF,
    ...(app1 ? [segment(0xe1, app1)] : []),
    tables(),
    segment(0xc0, frame),
    segment(0xda, scan),
    out.finish(),
    Buffer.from([0xff, 0xd9]),
  ]);
  return new Uint8Array(jpeg.buffer, jpeg.byteOffset, jpeg.byteLength);
}

/** Width and height of a JPEG, from its first frame header; undefined when there is none before the scan. */
export function jpegSize(bytes: Uint8Array): { width: number; height: number } | undefined {
  let at = 2;
  while (at + 9 <= bytes.length && bytes[at] === 0xff) {
    const marker = bytes[at + 1] as number;
    if (marker === 0xd8 || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7) || marker === 0xff) {
      at += marker === 0xff ? 1 : 2;
      continue;
    }
    if (marker === 0xda || marker === 0xd9) return undefined;
    const isFrame = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
    if (isFrame) {
      return {
        height: ((bytes[at + 5] as number) << 8) | (bytes[at + 6] as number),
        width: ((bytes[at + 7] as number) << 8) | (bytes[at + 8] as number),
      };
    }
    at += 2 + (((bytes[at + 2] as number) << 8) | (bytes[at + 3] as number));
  }
  return undefined;
}
