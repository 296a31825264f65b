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

function floatText(value: number): string {
  if (!Number.isFinite(value)) throw new TypeError(`out of range float value ${value}`);
  if (Number.isInteger(value) && Math.abs(value) < 1e16) return `${value}.0`;
  const text = String(value);
  // Python writes 1e-05 where JavaScript writes 1e-5.
  return text.replace(/e([+-])(\d)$/, 'e$10$2');
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
  return JSON.stringify(text).replace(/[\u007f-\uffff]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function dump(value: PyJson | undefined, items: string, pairs: string, ascii: boolean): string {
  if (value instanceof PyFloat) return floatText(value.value);
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return ascii ? asciiString(value) : jsonString(value);
  if (typeof value === 'number' || typeof value === 'boolean') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map((item) => dump(item, items, pairs, ascii)).join(items)}]`;
  const entries = Object.entries(value).filter(([, item]) => item !== undefined);
  return `{${entries.map(([key, item]) => `${ascii ? asciiString(key) : JSON.stringify(key)}${pairs}${dump(item, items, pairs, ascii)}`).join(items)}}`;
}

/** What FastAPI's JSONResponse writes: compact separators, non-ASCII kept. */
export function fastapiJson(value: PyJson): string {
  return dump(value, ',', ':', false);
}

/** What `json.dumps(value)` writes with default settings (the `info` string): `", "`, `": "`, ASCII only. */
export function pythonJsonDumps(value: PyJson): string {
  return dump(value, ', ', ': ', true);
}

/** Python's `str()` of a value, as infotexts print it (`7.0`, `True`). */
export function pythonStr(value: PyJson): string {
  if (value instanceof PyFloat) return floatText(value.value);
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (value === null) return 'None';
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
  if (value instanceof PyFloat || value === null || typeof value !== 'object') return dump(value, ',', ':', false);
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    return `[\n${value.map((item) => inner + prettyPythonJson(item, inner)).join(',\n')}\n${indent}]`;
  }
  const entries = Object.entries(value).filter(([, item]) => item !== undefined) as Array<[string, PyJson]>;
  if (entries.length === 0) return '{}';
  return `{\n${entries.map(([key, item]) => `${inner}${JSON.stringify(key)}: ${prettyPythonJson(item, inner)}`).join(',\n')}\n${indent}}`;
}
