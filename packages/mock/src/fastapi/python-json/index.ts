/**
 * The webui is Python: a float that happens to be integral prints as `7.0`, an int as `7`.
 * JavaScript numbers cannot tell them apart, so values that are Python floats are wrapped in
 * `PyFloat` and these serializers print them the Python way.
 */
export class PyFloat {
  constructor(readonly value: number) {}
}

export const pyFloat = (value: number): PyFloat => new PyFloat(value);

export type PyJson = null | boolean | number | string | PyFloat | PyJson[] | { [key: string]: PyJson | undefined };

/**
 * `json.dumps(..., allow_nan=False)` (Starlette's JSONResponse) refusing NaN or infinity: the
 * webui answers it as a 500 `ValueError` from its exception handler.
 */
export class OutOfRangeFloatError extends Error {
  constructor() {
    super('Out of range float values are not JSON compliant');
  }
}

/**
 * Python's `repr(float)`: the shortest round-trip digits (as JavaScript finds them), written in
 * fixed notation for exponents -4..15 (`7.0`, `0.0001`) and scientific otherwise (`1e-05`, `1e+20`).
 */
export function floatText(value: number): string {
  if (Number.isNaN(value)) return 'nan';
  if (!Number.isFinite(value)) return value > 0 ? 'inf' : '-inf';
  if (value === 0) return Object.is(value, -0) ? '-0.0' : '0.0';
  const [mantissa = '', exponentText = '0'] = value.toExponential().split('e');
  const exponent = Number(exponentText);
  if (exponent < -4 || exponent >= 16)
    return `${mantissa}e${exponent < 0 ? '-' : '+'}${String(Math.abs(exponent)).padStart(2, '0')}`;
  const sign = value < 0 ? '-' : '';
  const digits = mantissa.replace(/[-.]/g, '');
  const point = exponent + 1;
  if (point <= 0) return `${sign}0.${'0'.repeat(-point)}${digits}`;
  if (point >= digits.length) return `${sign}${digits}${'0'.repeat(point - digits.length)}.0`;
  return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
}

/** Python's `str(int)` of an integral number (exact digits, never JavaScript's `1e+21`). */
function intText(value: number): string {
  return Math.abs(value) < 1e21 ? String(value) : BigInt(value).toString();
}

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
function jsonFloat(value: number, style: Style): string {
  if (Number.isFinite(value)) return floatText(value);
  if (!style.allowNan) throw new OutOfRangeFloatError();
  return Number.isNaN(value) ? 'NaN' : value > 0 ? 'Infinity' : '-Infinity';
}

/** `json.dumps` settings: separators, `ensure_ascii`, `allow_nan`. */
interface Style {
  items: string;
  pairs: string;
  ascii: boolean;
  allowNan: boolean;
}

const FASTAPI: Style = { items: ',', pairs: ':', ascii: false, allowNan: false };
const DUMPS: Style = { items: ', ', pairs: ': ', ascii: true, allowNan: true };

function dump(value: PyJson | undefined, style: Style): string {
  const { items, pairs, ascii } = style;
  if (value instanceof PyFloat) return jsonFloat(value.value, style);
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return ascii ? asciiString(value) : jsonString(value);
  if (typeof value === 'number') return Number.isInteger(value) ? intText(value) : jsonFloat(value, style);
  if (typeof value === 'boolean') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map((item) => dump(item, style)).join(items)}]`;
  const entries = Object.entries(value).filter(([, item]) => item !== undefined);
  const key = (text: string) => (ascii ? asciiString(text) : jsonString(text));
  return `{${entries.map(([name, item]) => `${key(name)}${pairs}${dump(item, style)}`).join(items)}}`;
}

/** What FastAPI's JSONResponse writes: compact separators, non-ASCII kept, NaN and infinity refused. */
export function fastapiJson(value: PyJson): string {
  return dump(value, FASTAPI);
}

/** What `json.dumps(value)` writes with default settings (the `info` string): `", "`, `": "`, ASCII only, `NaN`. */
export function pythonJsonDumps(value: PyJson): string {
  return dump(value, DUMPS);
}

/** Python's `str()` of a value, as infotexts print it (`7.0`, `True`). */
export function pythonStr(value: PyJson): string {
  if (value instanceof PyFloat) return floatText(value.value);
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (value === null) return 'None';
  if (typeof value === 'number') return Number.isInteger(value) ? intText(value) : floatText(value);
  return typeof value === 'string' ? value : String(value);
}

/** Unwraps `PyFloat`s, for code that computes with the values. */
export function toPlain(value: PyJson | undefined): unknown {
  if (value instanceof PyFloat) return value.value;
  if (Array.isArray(value)) return value.map(toPlain);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, toPlain(item)]));
  }
  return value;
}

/** Python's `repr()` of a string: single quotes unless the text holds `'` and no `"`. */
export function pythonRepr(text: string): string {
  if (text.includes("'") && !text.includes('"')) return `"${text.replace(/\\/g, '\\\\')}"`;
  return `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/** Pretty JSON (2-space indent) with Python floats kept, for files people read and diff. */
export function prettyPythonJson(value: PyJson, indent = ''): string {
  if (value instanceof PyFloat || value === null || typeof value !== 'object') return dump(value, FASTAPI);
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    return `[\n${value.map((item) => inner + prettyPythonJson(item, inner)).join(',\n')}\n${indent}]`;
  }
  const entries = Object.entries(value).filter(([, item]) => item !== undefined) as Array<[string, PyJson]>;
  if (entries.length === 0) return '{}';
  const lines = entries.map(([key, item]) => `${inner}${JSON.stringify(key)}: ${prettyPythonJson(item, inner)}`);
  return `{\n${lines.join(',\n')}\n${indent}}`;
}
