import { PyFloat, type PyJson } from '../../webui/python/index.js';

/**
 * pydantic v1's lenient validators, which lean on Python's own `int()`, `float()` and `dict()`.
 * Each returns `undefined` where pydantic raises its type error.
 */

/** pydantic refuses integer strings longer than this before calling `int()` (CVE-2020-10735). */
const MAX_STR_INT = 4300;

const BOOL_TRUE = new Set(['1', 'on', 't', 'true', 'y', 'yes']);
const BOOL_FALSE = new Set(['0', 'off', 'f', 'false', 'n', 'no']);

const DECIMAL_DIGIT = /\p{Nd}/u;

/** Python's `str.strip()`: Unicode whitespace plus the ASCII separators \x1c-\x1f. */
function pythonStrip(text: string): string {
  return text.replace(/^[\s\x1c-\x1f]+|[\s\x1c-\x1f]+$/g, '');
}

/**
 * Unicode decimal digits (full-width `２`, Arabic-Indic `٢`, …) as ASCII, as `int()` and
 * `float()` read them. Every `Nd` block is a run of whole 0–9 sequences, so a digit's value is
 * its distance from the run's start, modulo 10.
 */
function asciiDigits(text: string): string {
  let out = '';
  for (const char of text) {
    const point = char.codePointAt(0) as number;
    if (point < 0x80 || !DECIMAL_DIGIT.test(char)) {
      out += char;
      continue;
    }
    let start = point;
    while (DECIMAL_DIGIT.test(String.fromCodePoint(start - 1))) start--;
    out += String((point - start) % 10);
  }
  return out;
}

/** pydantic v1's `int_validator`: ints kept, floats truncated, `True` is 1, strings through Python's `int()`. */
export function pythonInt(value: unknown): number | undefined {
  if (typeof value === 'boolean') return value ? 1 : 0;
  const number = value instanceof PyFloat ? value.value : value;
  if (typeof number === 'number') return Number.isFinite(number) ? Math.trunc(number) || 0 : undefined;
  if (typeof value !== 'string' || value.length > MAX_STR_INT) return undefined;
  const text = asciiDigits(pythonStrip(value));
  if (!/^[+-]?\d+(?:_\d+)*$/.test(text)) return undefined;
  return Number(text.replace(/_/g, ''));
}

/** pydantic v1's `float_validator`: Python's `float()` (so `"nan"`, `"inf"`, `"1_0.5"`, `"１.５"` parse). */
export function pythonFloat(value: unknown): number | undefined {
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'number') return value;
  if (value instanceof PyFloat) return value.value;
  if (typeof value !== 'string') return undefined;
  const text = asciiDigits(pythonStrip(value));
  const special = /^([+-]?)(nan|inf|infinity)$/i.exec(text);
  if (special) {
    if ((special[2] as string).toLowerCase() === 'nan') return Number.NaN;
    return special[1] === '-' ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
  }
  const digits = String.raw`\d(?:_?\d)*`;
  const number = new RegExp(String.raw`^[+-]?(?:${digits}(?:\.(?:${digits})?)?|\.${digits})(?:[eE][+-]?${digits})?$`);
  return number.test(text) ? Number(text.replace(/_/g, '')) : undefined;
}

/** pydantic v1's `bool_validator`: booleans, 1/0 (also as floats), and its word list after `str.lower()`. */
export function pythonBool(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value;
  const number = value instanceof PyFloat ? value.value : value;
  if (number === 0 || number === 1) return number === 1;
  if (typeof value === 'string') {
    const lower = value.toLowerCase();
    if (BOOL_TRUE.has(lower)) return true;
    if (BOOL_FALSE.has(lower)) return false;
  }
  return undefined;
}

/** One element of `dict(iterable)`: something of length 2 whose first item is hashable. */
function pair(element: PyJson): [PyJson, PyJson] | undefined {
  let items: PyJson[] | undefined;
  if (Array.isArray(element)) items = element;
  else if (typeof element === 'string') items = [...element];
  // Iterating a dict gives its keys.
  else if (element !== null && typeof element === 'object' && !(element instanceof PyFloat))
    items = Object.keys(element);
  if (items?.length !== 2) return undefined;
  const key = items[0] as PyJson;
  const hashable = key === null || typeof key !== 'object' || key instanceof PyFloat;
  return hashable ? [key, items[1] as PyJson] : undefined;
}

/**
 * pydantic v1's `dict_validator`: a dict as is, else Python's `dict(value)`, so `[]` and `""`
 * are `{}` and a list of pairs is a dict. Entries keep Python's order: the first position of a
 * key, the last value given for it. Returns `undefined` where `dict()` raises.
 */
export function pythonDict(value: PyJson | Uint8Array): Array<[PyJson, PyJson]> | undefined {
  if (value instanceof Uint8Array || value === null || value instanceof PyFloat) return undefined;
  if (typeof value === 'string') return value === '' ? [] : undefined;
  if (!Array.isArray(value))
    return typeof value === 'object' ? Object.entries(value as Record<string, PyJson>) : undefined;
  const entries: Array<[PyJson, PyJson]> = [];
  const positions = new Map<string, number>();
  for (const element of value) {
    const item = pair(element);
    if (item === undefined) return undefined;
    // Python's dict keys compare by value across int/float/bool: 1, 1.0 and True are one key.
    const identity = JSON.stringify(
      item[0] instanceof PyFloat ? item[0].value : item[0] === true ? 1 : item[0] === false ? 0 : item[0],
    );
    const at = positions.get(identity);
    if (at === undefined) {
      positions.set(identity, entries.length);
      entries.push(item);
    } else (entries[at] as [PyJson, PyJson])[1] = item[1];
  }
  return entries;
}
