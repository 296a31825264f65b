/**
 * The webui is Python: a float that happens to be integral prints as `7.0`, an int as `7`.
 * JavaScript numbers cannot tell them apart, so values that are Python floats are wrapped in
 * `PyFloat`, and `str()` / `repr()` here print them the Python way. Every wing computes with
 * these values; they live with the webui, the Python program the mock emulates.
 */
export class PyFloat {
  constructor(readonly value: number) {}
}

export const pyFloat = (value: number): PyFloat => new PyFloat(value);

export type PyJson = null | boolean | number | string | PyFloat | PyJson[] | { [key: string]: PyJson | undefined };

/**
 * Python's `repr(float)`: the shortest round-trip digits (as JavaScript finds them), written in
 * fixed notation for exponents -4..15 (`7.0`, `0.0001`) and scientific otherwise (`1e-05`, `1e+20`).
 */
export function floatText(value: number): string {
  // Between 1e-4 and 1e16 both languages write the same shortest digits in fixed notation; Python adds `.0`.
  const size = Math.abs(value);
  if (size >= 1e-4 && size < 1e16) return Number.isInteger(value) ? `${value}.0` : String(value);
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
export function intText(value: number): string {
  return Math.abs(value) < 1e21 ? String(value) : BigInt(value).toString();
}

/** Python's `str()` of a value, as infotexts print it (`7.0`, `True`). */
export function pythonStr(value: PyJson): string {
  if (value instanceof PyFloat) return floatText(value.value);
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (value === null) return 'None';
  if (typeof value === 'number') return Number.isInteger(value) ? intText(value) : floatText(value);
  return typeof value === 'string' ? value : String(value);
}

/** Python's `repr()` of a string: single quotes unless the text holds `'` and no `"`. */
export function pythonRepr(text: string): string {
  if (text.includes("'") && !text.includes('"')) return `"${text.replace(/\\/g, '\\\\')}"`;
  return `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/** A deep copy of a list or dict that keeps Python floats floats (`structuredClone` would not). */
export function copyPyJson(value: PyJson): PyJson {
  if (value === null || typeof value !== 'object' || value instanceof PyFloat) return value;
  if (Array.isArray(value)) return value.map(copyPyJson);
  const out: Record<string, PyJson> = {};
  for (const [key, item] of Object.entries(value)) out[key] = copyPyJson(item as PyJson);
  return out;
}

/** Unwraps `PyFloat`s, for code that computes with the values. */
export function toPlain(value: PyJson | undefined): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (value instanceof PyFloat) return value.value;
  if (Array.isArray(value)) return value.map(toPlain);
  const plain: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    const item = toPlain(value[key]);
    // A `__proto__` key of a request body stays a key (as `Object.fromEntries` makes it), not a prototype.
    if (key === '__proto__')
      Object.defineProperty(plain, key, { value: item, enumerable: true, writable: true, configurable: true });
    else plain[key] = item;
  }
  return plain;
}
