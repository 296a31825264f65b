import { describe, expect, it } from 'vitest';
import { floatText, pyFloat, toPlain } from './index.js';

describe('Python values', () => {
  it("floatText is Python's repr(float) on both sides of its fixed-notation range", () => {
    // Expected texts are what CPython 3.11 prints for the same values (checked by hand).
    const cases: Array<[number, string]> = [
      [7, '7.0'],
      [-0.5, '-0.5'],
      [1 / 3, '0.3333333333333333'],
      [0.0001, '0.0001'],
      [0.00009, '9e-05'],
      [1e15, '1000000000000000.0'],
      [1e16, '1e+16'],
      [-0, '-0.0'],
      [Number.NaN, 'nan'],
      [Number.NEGATIVE_INFINITY, '-inf'],
    ];
    for (const [value, text] of cases) expect(floatText(value), String(value)).toBe(text);
  });

  it('toPlain unwraps floats everywhere and keeps a `__proto__` key a key', () => {
    const value = JSON.parse('{"__proto__": {"x": 1}, "a": [1]}');
    value.a.push(pyFloat(2.5));
    const plain = toPlain(value) as Record<string, unknown>;
    expect(Object.getPrototypeOf(plain)).toBe(Object.prototype);
    expect(Object.keys(plain)).toEqual(['__proto__', 'a']);
    expect(plain.a).toEqual([1, 2.5]);
  });
});
