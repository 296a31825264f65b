import { describe, expect, it } from 'vitest';
import { PyFloat } from '../../webui/python/index.js';
import { parsePythonJson, scanPythonJson } from './parse.js';

// Expected messages were produced by CPython 3.11's json.loads on the same inputs.
const CPYTHON: Array<[string, string]> = [
  ['{x', 'Expecting property name enclosed in double quotes: line 1 column 2 (char 1)'],
  ['{"a":1,}', 'Expecting property name enclosed in double quotes: line 1 column 8 (char 7)'],
  ['{"a" 1}', "Expecting ':' delimiter: line 1 column 6 (char 5)"],
  ['[1 2]', "Expecting ',' delimiter: line 1 column 4 (char 3)"],
  ['{"a":1}x', 'Extra data: line 1 column 8 (char 7)'],
  ['"abc', 'Unterminated string starting at: line 1 column 1 (char 0)'],
  ['{"a":tru}', 'Expecting value: line 1 column 6 (char 5)'],
  ['[1,]', 'Expecting value: line 1 column 4 (char 3)'],
  ['{"a":"\u0001"}', 'Invalid control character at: line 1 column 7 (char 6)'],
  ['{"a":"\\q"}', 'Invalid \\escape: line 1 column 7 (char 6)'],
  [' ', 'Expecting value: line 1 column 2 (char 1)'],
  ['{"a":1', "Expecting ',' delimiter: line 1 column 7 (char 6)"],
  ['[', 'Expecting value: line 1 column 2 (char 1)'],
  ['nul', 'Expecting value: line 1 column 1 (char 0)'],
  ['{"a":\n  [1,\n  2 3]}', "Expecting ',' delimiter: line 3 column 5 (char 16)"],
];

describe('scanPythonJson', () => {
  it.each(CPYTHON)('%j → %s', (text, expected) => {
    const scan = scanPythonJson(text);
    if (scan.ok || scan.error !== 'syntax') throw new Error(`expected a syntax error, got ${JSON.stringify(scan)}`);
    const before = text.slice(0, scan.pos);
    expect(
      `${scan.msg}: line ${before.split('\n').length} column ${scan.pos - before.lastIndexOf('\n')} (char ${scan.pos})`,
    ).toBe(expected);
  });

  it('accepts what json.loads accepts: NaN, Infinity, -Infinity as floats', () => {
    const scan = scanPythonJson('[NaN, Infinity, -Infinity, 1, 1.0, 1e-05]');
    expect(scan.ok).toBe(true);
    const value = (scan as { value: unknown[] }).value;
    expect(value.map((item) => (item instanceof PyFloat ? `float ${item.value}` : `int ${String(item)}`))).toEqual([
      'float NaN',
      'float Infinity',
      'float -Infinity',
      'int 1',
      'float 1',
      'float 0.00001',
    ]);
  });

  it('keeps a "__proto__" key as data, last duplicate wins at the first position', () => {
    const value = parsePythonJson('{"__proto__": {"polluted": 1}, "a": 1, "b": 2, "a": 3}') as Record<string, unknown>;
    expect(Object.keys(value)).toEqual(['__proto__', 'a', 'b']);
    expect(value.a).toBe(3);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
  });

  it("stops at Python's recursion limit instead of overflowing the stack", () => {
    expect(scanPythonJson(`${'['.repeat(999)}${']'.repeat(999)}`).ok).toBe(true);
    expect(scanPythonJson(`${'['.repeat(100_000)}${']'.repeat(100_000)}`)).toEqual({ ok: false, error: 'recursion' });
  });

  it("parsePythonJson throws a SyntaxError naming Python's message", () => {
    expect(() => parsePythonJson('{x')).toThrow(/Expecting property name enclosed in double quotes at position 1/);
  });
});
