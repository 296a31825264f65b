import { RequestValidationError, StarletteHttpException } from '../errors/index.js';
import type { PyJson } from '../../webui/python/index.js';
import { scanPythonJson } from '../python-json/parse.js';

/** A request body as FastAPI hands it to the model: absent, parsed JSON, or raw bytes (not JSON). */
export type RequestBody = { kind: 'absent' } | { kind: 'json'; value: PyJson } | { kind: 'bytes'; value: Uint8Array };

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

/** One strict decoder per codec, made once: a decoder keeps no state between whole-buffer `decode` calls. */
const decoders = new Map<string, TextDecoder>();

/** Decodes as `json.loads(bytes)` does; throws on bytes the codec rejects (a `UnicodeDecodeError`). */
function decodeText(bytes: Uint8Array): string {
  const encoding = detectEncoding(bytes);
  if (!encoding.startsWith('utf-32')) {
    let decoder = decoders.get(encoding);
    if (decoder === undefined) decoders.set(encoding, (decoder = new TextDecoder(encoding, { fatal: true })));
    return decoder.decode(bytes);
  }
  // TextDecoder has no UTF-32: decode code units by hand, BOM dropped as Python's codec does.
  if (bytes.length % 4 !== 0) throw new TypeError('truncated UTF-32 data');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const little = encoding === 'utf-32le';
  let text = '';
  for (let offset = 0; offset < bytes.length; offset += 4) {
    const point = view.getUint32(offset, little);
    if (point > 0x10ffff) throw new TypeError('code point not in range(0x110000)');
    if (!(offset === 0 && point === 0xfeff)) text += String.fromCodePoint(point);
  }
  return text;
}

/** FastAPI 0.94 parses JSON when the content type is absent, `application/json` or `application/*+json`. */
function isJsonContentType(contentType: string | undefined): boolean {
  if (!contentType) return true;
  const mediaType = contentType.split(';')[0]?.trim().toLowerCase() ?? '';
  return mediaType === 'application/json' || /^application\/[^/]*\+json$/.test(mediaType);
}

/**
 * Reads a request body the way FastAPI 0.94 does, before any route dependency runs: an empty
 * body is absent; a JSON body goes through `json.loads` (so `NaN` is a float), broken JSON is
 * a 422 with Python's decoder message; bytes that are not valid in the detected encoding, or
 * nesting past Python's recursion limit, are the 400 "There was an error parsing the body".
 */
export function parseJsonBody(bytes: Uint8Array, contentType: string | undefined): RequestBody {
  if (bytes.length === 0) return { kind: 'absent' };
  if (!isJsonContentType(contentType)) return { kind: 'bytes', value: bytes };
  let text: string;
  try {
    text = decodeText(bytes);
  } catch {
    throw new StarletteHttpException(400, 'There was an error parsing the body');
  }
  const scan = scanPythonJson(text);
  if (scan.ok) return { kind: 'json', value: scan.value };
  if (scan.error === 'recursion') throw new StarletteHttpException(400, 'There was an error parsing the body');
  const before = text.slice(0, scan.pos);
  const lineno = before.split('\n').length;
  const colno = scan.pos - before.lastIndexOf('\n');
  throw new RequestValidationError([
    {
      loc: ['body', scan.pos],
      msg: `${scan.msg}: line ${lineno} column ${colno} (char ${scan.pos})`,
      type: 'value_error.jsondecode',
      ctx: { msg: scan.msg, doc: text, pos: scan.pos, lineno, colno },
    },
  ]);
}
