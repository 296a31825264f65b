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
}

/** `json.dumps`' defaults, what the webui uses for the `info` string. */
const DEFAULTS: JsonDumpsStyle = { items: ', ', pairs: ': ', ascii: true, allowNan: true };

/**
 * JSON.stringify is slow on strings of megabytes (an echoed prompt, the `info` string): strings
 * whose only escapes are `"` and `\\` are escaped with one replace, the rest by JSON.stringify.
 */
const QUOTE_OR_BACKSLASH = /["\\]/g;
const CONTROL_OR_SURROGATE = /[\u0000-\u001f\ud800-\udfff]/;
const CONTROL_OR_NON_ASCII = /[\u0000-\u001f\u007f-\uffff]/;

function jsonString(text: string): string {
  return CONTROL_OR_SURROGATE.test(text) ? JSON.stringify(text) : `"${text.replace(QUOTE_OR_BACKSLASH, '\\$&')}"`;
}

function asciiString(text: string): string {
  if (!CONTROL_OR_NON_ASCII.test(text)) return `"${text.replace(QUOTE_OR_BACKSLASH, '\\$&')}"`;
  return JSON.stringify(text).replace(
    /[\u007f-\uffff]/g,
    (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/** A float as `json.dumps` writes it: `NaN`/`Infinity` when allowed, else refused. */
function jsonFloat(value: number, style: JsonDumpsStyle): string {
  if (Number.isFinite(value)) return floatText(value);
  if (!style.allowNan) throw new OutOfRangeFloatError();
  return Number.isNaN(value) ? 'NaN' : value > 0 ? 'Infinity' : '-Infinity';
}

/** Python's `json.dumps(value, ...)` with the keyword arguments `style` gives. */
export function jsonDumps(value: PyJson | undefined, style: JsonDumpsStyle): string {
  const { items, pairs, ascii } = style;
  if (value instanceof PyFloat) return jsonFloat(value.value, style);
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return ascii ? asciiString(value) : jsonString(value);
  if (typeof value === 'number') return Number.isInteger(value) ? intText(value) : jsonFloat(value, style);
  if (typeof value === 'boolean') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map((item) => jsonDumps(item, style)).join(items)}]`;
  const entries = Object.entries(value).filter(([, item]) => item !== undefined);
  const key = (text: string) => (ascii ? asciiString(text) : jsonString(text));
  return `{${entries.map(([name, item]) => `${key(name)}${pairs}${jsonDumps(item, style)}`).join(items)}}`;
}

/** What `json.dumps(value)` writes with default settings (the `info` string): `", "`, `": "`, ASCII only, `NaN`. */
export function pythonJsonDumps(value: PyJson): string {
  return jsonDumps(value, DEFAULTS);
}
