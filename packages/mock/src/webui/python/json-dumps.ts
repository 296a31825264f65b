import { floatText, intText, PyFloat, type PyJson } from './index.js';

/**
 * `json.dumps(..., allow_nan=False)` (Starlette's JSONResponse) refusing NaN or infinity: the
 * webui answers it as a 500 `ValueError` from its exception handler.
 */
export class OutOfRangeFloatError extends Error {
  constructor() {
    super('Out of range float values are not JSON compliant');
  }
}

/** `json.dumps` keyword arguments: `separators`, `ensure_ascii`, `allow_nan`. */
export interface JsonDumpsStyle {
  /** Between list items and between dict entries (`", "` by default). */
  items: string;
  /** Between a key and its value (`": "` by default). */
  pairs: string;
  /** `ensure_ascii`: non-ASCII characters as `\uXXXX`. */
  ascii: boolean;
  /** `allow_nan`: `NaN`/`Infinity` written, else refused with `OutOfRangeFloatError`. */
  allowNan: boolean;
  /** pydantic 2's JSON mode: NaN and infinity become `null` (before `allow_nan` is asked). */
  nonFinite?: 'null';
}

/** `json.dumps`' defaults, what the webui uses for the `info` string. */
const DEFAULTS: JsonDumpsStyle = { items: ', ', pairs: ': ', ascii: true, allowNan: true };

/**
 * Python escapes strings as JSON.stringify does (`\"`, `\\`, `\n`, other controls and lone
 * surrogates as lowercase `\u001f`); `ensure_ascii` then escapes what is left past `~`, a surrogate
 * pair as two. Most strings need no escape at all (keys, base64 images): one scan finds out, and
 * they are quoted as they are. The rest go through JSON.stringify, faster than any regex replace
 * on every size measured, megabyte prompts included.
 */
// Written as what may stay (a negated class): V8 scans long one-byte strings faster this way.
const NEEDS_ESCAPE = /[^\u0020\u0021\u0023-\u005b\u005d-\ud7ff\ue000-\uffff]/;
const NEEDS_ASCII_ESCAPE = /[^\u0020\u0021\u0023-\u005b\u005d-\u007e]/;
const PAST_ASCII = /[\u007f-\uffff]/g;

/** A lone surrogate as JSON.stringify escapes it (`\ud800`), after an even run of backslashes. */
const ESCAPED_LONE_SURROGATE = /(?<=(?:^|[^\\])(?:\\\\)*)\\u(d[89a-f][0-9a-f]{2})/g;

function jsonString(text: string): string {
  if (!NEEDS_ESCAPE.test(text)) return `"${text}"`;
  const escaped = JSON.stringify(text);
  // Python writes a lone surrogate as it is (ensure_ascii=False); encoding the text then fails.
  if ((text as unknown as { isWellFormed(): boolean }).isWellFormed()) return escaped;
  return escaped.replace(ESCAPED_LONE_SURROGATE, (_match, hex: string) =>
    String.fromCharCode(Number.parseInt(hex, 16)),
  );
}

function asciiString(text: string): string {
  if (!NEEDS_ASCII_ESCAPE.test(text)) return `"${text}"`;
  return JSON.stringify(text).replace(PAST_ASCII, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Lists of strings known to need no escape (base64 images): a response's megabytes of them go out unscanned. */
const escapeFree = new WeakSet<readonly PyJson[]>();

/** Marks `list`, whose strings hold no quote, backslash, control or non-ASCII character (base64), for `jsonDumps`. */
export function escapeFreeStrings(list: string[]): string[] {
  escapeFree.add(list);
  return list;
}

/** A float as `json.dumps` writes it: `NaN`/`Infinity` when allowed, else refused. */
function jsonFloat(value: number, style: JsonDumpsStyle): string {
  if (Number.isFinite(value)) return floatText(value);
  if (style.nonFinite === 'null') return 'null';
  if (!style.allowNan) throw new OutOfRangeFloatError();
  return Number.isNaN(value) ? 'NaN' : value > 0 ? 'Infinity' : '-Infinity';
}

/** Python's `json.dumps(value, ...)` with the keyword arguments `style` gives. */
export function jsonDumps(value: PyJson | undefined, style: JsonDumpsStyle): string {
  if (value instanceof PyFloat) return jsonFloat(value.value, style);
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return style.ascii ? asciiString(value) : jsonString(value);
  if (typeof value === 'number') return Number.isInteger(value) ? intText(value) : jsonFloat(value, style);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  // Loops, not map/join: responses are serialized once per request, and their dicts have ~60 keys.
  let out: string;
  if (Array.isArray(value)) {
    const verbatim = escapeFree.has(value);
    out = '[';
    for (let index = 0; index < value.length; index++) {
      if (index > 0) out += style.items;
      const item = value[index];
      out += verbatim && typeof item === 'string' ? `"${item}"` : jsonDumps(item, style);
    }
    return `${out}]`;
  }
  out = '{';
  for (const name of Object.keys(value)) {
    const item = value[name];
    if (item === undefined) continue;
    if (out.length > 1) out += style.items;
    out += `${style.ascii ? asciiString(name) : jsonString(name)}${style.pairs}${jsonDumps(item, style)}`;
  }
  return `${out}}`;
}

/** What `json.dumps(value)` writes with default settings (the `info` string): `", "`, `": "`, ASCII only, `NaN`. */
export function pythonJsonDumps(value: PyJson): string {
  return jsonDumps(value, DEFAULTS);
}
