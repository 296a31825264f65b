/**
 * PNG text chunks (`tEXt`, uncompressed `iTXt`) in plain TypeScript on `Uint8Array`, so it runs
 * unchanged in browsers and Node. The webui stores its infotext in a `parameters` chunk (PIL
 * writes `tEXt` for Latin-1 text, uncompressed `iTXt` otherwise); re-encoding an image with an
 * image library drops it, which is why this works on the original bytes.
 */
const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

export interface PngTextEntry {
  keyword: string;
  text: string;
  chunk: 'tEXt' | 'iTXt';
}

/** Bytes that are not a PNG, a chunk cut short, or a text chunk keyword PNG does not allow. */
export class PngFormatError extends Error {
  override name = 'PngFormatError';
}

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/**
 * CRC-32 as PNG chunks use it (ISO 3309), in plain JavaScript: `node:zlib`'s `crc32` is missing from
 * browsers and workerd. The mock checksums the PNGs it makes with it too.
 */
export function crc32(bytes: Uint8Array, crc = 0xffffffff): number {
  let c = crc;
  for (let i = 0; i < bytes.length; i++) c = (CRC_TABLE[(c ^ (bytes[i] as number)) & 0xff] as number) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** Whether the bytes start with the PNG signature. */
export function isPng(bytes: Uint8Array): boolean {
  return bytes.length >= 8 && SIGNATURE.every((value, index) => bytes[index] === value);
}

interface Chunk {
  type: string;
  /** Offset of the chunk's length field. */
  start: number;
  /** Offset just past its CRC. */
  end: number;
  data: Uint8Array;
}

function* chunks(bytes: Uint8Array): Generator<Chunk> {
  if (!isPng(bytes)) throw new PngFormatError('not a PNG file (bad signature)');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let offset = 8;
  while (offset + 12 <= bytes.length) {
    const length = view.getUint32(offset);
    const end = offset + 12 + length;
    if (end > bytes.length) throw new PngFormatError(`truncated PNG: chunk at byte ${offset} runs past the end`);
    const type = String.fromCharCode(...bytes.subarray(offset + 4, offset + 8));
    yield { type, start: offset, end, data: bytes.subarray(offset + 8, offset + 8 + length) };
    if (type === 'IEND') return;
    offset = end;
  }
}

const latin1 = new TextDecoder('latin1');
const utf8 = new TextDecoder('utf-8');

function decodeText(chunk: Chunk): PngTextEntry | undefined {
  const zero = chunk.data.indexOf(0);
  if (zero <= 0) return undefined;
  const keyword = latin1.decode(chunk.data.subarray(0, zero));
  if (chunk.type === 'tEXt') return { keyword, text: latin1.decode(chunk.data.subarray(zero + 1)), chunk: 'tEXt' };
  // iTXt: keyword\0 compressionFlag compressionMethod languageTag\0 translatedKeyword\0 text
  const compressed = chunk.data[zero + 1] === 1;
  const languageEnd = chunk.data.indexOf(0, zero + 3);
  const translatedEnd = languageEnd < 0 ? -1 : chunk.data.indexOf(0, languageEnd + 1);
  if (compressed || translatedEnd < 0) return undefined;
  return { keyword, text: utf8.decode(chunk.data.subarray(translatedEnd + 1)), chunk: 'iTXt' };
}

/** Every readable text entry, in file order. Compressed `zTXt`/`iTXt` entries are skipped. */
export function readPngText(bytes: Uint8Array): PngTextEntry[] {
  const entries: PngTextEntry[] = [];
  for (const chunk of chunks(bytes)) {
    if (chunk.type !== 'tEXt' && chunk.type !== 'iTXt') continue;
    const entry = decodeText(chunk);
    if (entry) entries.push(entry);
  }
  return entries;
}

/** The webui's infotext (`parameters` chunk), or undefined when the image has none. */
export function readPngParameters(bytes: Uint8Array): string | undefined {
  return readPngText(bytes).find((entry) => entry.keyword === 'parameters')?.text;
}

function isLatin1(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0xff) return false;
  return true;
}

function encodeChunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i);
  out.set(data, 8);
  view.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)));
  return out;
}

function latin1Bytes(text: string): Uint8Array {
  return Uint8Array.from(text, (char) => char.charCodeAt(0));
}

/** One text chunk the way PIL writes it: `tEXt` when Latin-1 suffices, uncompressed `iTXt` otherwise. */
export function encodeTextChunk(keyword: string, text: string): Uint8Array {
  if (!/^[\x20-\x7e\xa1-\xff]{1,79}$/.test(keyword)) throw new PngFormatError(`invalid PNG text keyword "${keyword}"`);
  const key = latin1Bytes(keyword);
  if (isLatin1(text)) {
    const body = latin1Bytes(text);
    const data = new Uint8Array(key.length + 1 + body.length);
    data.set(key, 0);
    data.set(body, key.length + 1);
    return encodeChunk('tEXt', data);
  }
  const body = new TextEncoder().encode(text);
  // keyword \0, compression flag 0, method 0, empty language tag \0, empty translated keyword \0
  const data = new Uint8Array(key.length + 5 + body.length);
  data.set(key, 0);
  data.set(body, key.length + 5);
  return encodeChunk('iTXt', data);
}

/**
 * Returns a copy of the PNG with the given text entries set: existing chunks with the same
 * keywords are removed, the new ones are placed before the first `IDAT`. Pixels are untouched.
 */
export function writePngText(bytes: Uint8Array, entries: Readonly<Record<string, string>>): Uint8Array {
  const parts: Uint8Array[] = [bytes.subarray(0, 8)];
  let inserted = false;
  for (const chunk of chunks(bytes)) {
    if ((chunk.type === 'tEXt' || chunk.type === 'iTXt') && decodeText(chunk)?.keyword !== undefined) {
      const keyword = (decodeText(chunk) as PngTextEntry).keyword;
      if (Object.hasOwn(entries, keyword)) continue;
    }
    if (!inserted && (chunk.type === 'IDAT' || chunk.type === 'IEND')) {
      for (const [keyword, text] of Object.entries(entries)) parts.push(encodeTextChunk(keyword, text));
      inserted = true;
    }
    parts.push(bytes.subarray(chunk.start, chunk.end));
  }
  const out = new Uint8Array(parts.reduce((total, part) => total + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}
