import { PyFloat, pyFloat, type PyJson } from '../../webui/python/index.js';

/**
 * pydantic-core's lax-mode validators for the scalar types (python input, as FastAPI hands it
 * what `json.loads` made): each returns the value, or the v2 error type it raises. Stricter than
 * v1 where v1 leaned on Python's `int()`/`str()` (`20.7` is `int_from_float`, a number for a
 * `str` is `string_type`), laxer where v1 was strict (`"3.0"` is 3).
 */
export type Scalar<T> = { value: T } | { error: string };

/** pydantic-core refuses integer strings longer than this (Python's int-max-str-digits). */
const MAX_INT_STRING = 4300;
/** `i64` bounds: an integral float outside them is `int_parsing_size`. */
const I64_LIMIT = 2 ** 63;

/** Rust's `str::trim`: Unicode White_Space, not JavaScript's `\s` (which adds U+FEFF) nor Python's (which adds \x1c-\x1f). */
const RUST_TRIM =
  /^[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+|[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+$/g;

const DIGITS = String.raw`\d(?:_?\d)*`;
const INT_TEXT = new RegExp(`^[+-]?${DIGITS}$`);
const FLOAT_TEXT = new RegExp(String.raw`^[+-]?(?:${DIGITS}(?:\.(?:${DIGITS})?)?|\.${DIGITS})(?:[eE][+-]?${DIGITS})?$`);
const SPECIAL_FLOAT = /^([+-]?)(nan|inf|infinity)$/i;

const BOOL_WORDS = new Map<string, boolean>([
  ['0', false],
  ['off', false],
  ['f', false],
  ['false', false],
  ['n', false],
  ['no', false],
  ['1', true],
  ['on', true],
  ['t', true],
  ['true', true],
  ['y', true],
  ['yes', true],
]);

const fail = (error: string) => ({ error });

/** `int`: ints and bools; integral floats; strings of digits (underscores between them, `.000` after). */
export function laxInt(value: PyJson | Uint8Array): Scalar<number> {
  if (typeof value === 'boolean') return { value: Number(value) };
  if (typeof value === 'number' && Number.isInteger(value)) return { value };
  if (typeof value === 'number' || value instanceof PyFloat) {
    const number = typeof value === 'number' ? value : value.value;
    if (!Number.isFinite(number)) return fail('finite_number');
    if (!Number.isInteger(number)) return fail('int_from_float');
    if (number >= I64_LIMIT || number <= -I64_LIMIT) return fail('int_parsing_size');
    return { value: number === 0 ? 0 : number };
  }
  if (typeof value !== 'string') return fail('int_type');
  if (value.length > MAX_INT_STRING) return fail('int_parsing_size');
  const text = value.replace(RUST_TRIM, '');
  const whole = INT_TEXT.test(text) ? text : /^([+-]?\d(?:_?\d)*)\.0+$/.exec(text)?.[1];
  if (whole === undefined) return fail('int_parsing');
  const number = Number(whole.replace(/_/g, ''));
  return { value: number === 0 ? 0 : number };
}

/** `float`: numbers and bools; strings as Python's `float()` reads them, ASCII digits only. */
export function laxFloat(value: PyJson | Uint8Array, finite: boolean): Scalar<PyFloat> {
  let number: number;
  if (typeof value === 'boolean') number = Number(value);
  else if (typeof value === 'number') {
    // A Python int too large for a float cannot be converted.
    if (!Number.isFinite(value)) return fail('float_type');
    number = value;
  } else if (value instanceof PyFloat) number = value.value;
  else if (typeof value === 'string') {
    const text = value.replace(RUST_TRIM, '');
    const special = SPECIAL_FLOAT.exec(text);
    if (special) {
      const word = (special[2] as string).toLowerCase();
      number = word === 'nan' ? Number.NaN : special[1] === '-' ? -Infinity : Infinity;
    } else if (FLOAT_TEXT.test(text)) number = Number(text.replace(/_/g, ''));
    else return fail('float_parsing');
  } else return fail('float_type');
  if (finite && !Number.isFinite(number)) return fail('finite_number');
  return { value: pyFloat(number) };
}

/** `bool`: bools; 0 and 1 (ints or floats); pydantic's words, any case, untrimmed. */
export function laxBool(value: PyJson | Uint8Array): Scalar<boolean> {
  if (typeof value === 'boolean') return { value };
  if (typeof value === 'number') return value === 0 || value === 1 ? { value: value === 1 } : fail('bool_parsing');
  if (value instanceof PyFloat)
    return value.value === 0 || value.value === 1 ? { value: value.value === 1 } : fail('bool_type');
  if (typeof value === 'string') {
    const word = BOOL_WORDS.get(value.toLowerCase());
    return word === undefined ? fail('bool_parsing') : { value: word };
  }
  return fail('bool_type');
}

/** `str`: strings only (no number is turned into text). */
export function laxStr(value: PyJson | Uint8Array): Scalar<string> {
  return typeof value === 'string' ? { value } : fail('string_type');
}
