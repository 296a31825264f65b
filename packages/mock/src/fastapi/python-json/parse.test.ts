import { describe, expect, it } from 'vitest';
import { turnsWhile } from '../../testing/event-loop-turns.js';
import { PyFloat } from '../../webui/python/index.js';
import { type JsonScan, STRING_PIECE, parsePythonJson, scanPythonJson, scanPythonJsonAsync } from './parse.js';

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

/** Both entry points, which must agree on every text. */
async function scanBoth(text: string): Promise<JsonScan> {
  const scan = scanPythonJson(text);
  expect(await scanPythonJsonAsync(text)).toEqual(scan);
  return scan;
}

describe('strings longer than one piece', () => {
  // Positions around the end of the first piece: a plain run starts at the opening quote + 1, an
  // escaped run at its first backslash (here at 1, after the quote).
  const edges = Array.from({ length: 16 }, (_, offset) => STRING_PIECE - 10 + offset);
  const fills = [
    ['plain', ''],
    ['escaped', '\\n'],
  ] as const;

  it.each(fills)('%s: escapes, non-ASCII and surrogate pairs across the edge decode as one string', async (_, head) => {
    for (const at of edges) {
      for (const piece of [
        '\\n',
        '\\u00e9',
        '\\\\',
        '\\"',
        '\\/',
        '\ud83d\ude00',
        '\\ud83d\\ude00',
        'é',
        '\\ud83d\ude00',
      ]) {
        const literal = `"${head}${'a'.repeat(at - head.length)}${piece}${'b'.repeat(STRING_PIECE)}"`;
        const scan = await scanBoth(`{"prompt": ${literal}}`);
        expect(scan, `${piece} at ${at}`).toEqual({ ok: true, value: { prompt: JSON.parse(literal) } });
      }
    }
  });

  it.each(fills)('%s: errors past the first piece report the position CPython gives', async (_, head) => {
    const prefix = '{"prompt": "';
    for (const at of edges) {
      const before = `${prefix}${head}${'a'.repeat(at - head.length)}`;
      const after = `${'b'.repeat(STRING_PIECE)}"}`;
      const error = (msg: string, pos: number) => ({ ok: false, error: 'syntax', msg, pos });
      expect(await scanBoth(`${before}\u0001${after}`)).toEqual(error('Invalid control character at', before.length));
      expect(await scanBoth(`${before}\\q${after}`)).toEqual(error('Invalid \\escape', before.length));
      expect(await scanBoth(`${before}\\u12x4${after}`)).toEqual(error('Invalid \\uXXXX escape', before.length + 1));
      // The string never ends: reported at its opening quote, after any error inside it.
      expect(await scanBoth(`${before}\\n${'b'.repeat(STRING_PIECE)}`)).toEqual(
        error('Unterminated string starting at', prefix.length - 1),
      );
      expect(await scanBoth(`${before}\\`)).toEqual(error('Unterminated string starting at', prefix.length - 1));
      expect(await scanBoth(`${before}"x`)).toEqual(error("Expecting ',' delimiter", before.length + 1));
    }
  });

  it('escape-dense strings, escaped quotes included, decode to what JSON.parse gives', async () => {
    const literal = `"${'say \\"hi\\"\\n\\\\'.repeat(3 * STRING_PIECE)}"`;
    expect(await scanBoth(`[${literal}, 1.0]`)).toEqual({ ok: true, value: [JSON.parse(literal), new PyFloat(1)] });
  });

  it('scanPythonJsonAsync lets the event loop run while it scans a large text', async () => {
    const text = `{"image": "${'QUJD'.repeat(5_000_000)}", "escaped": "${'\\n'.repeat(2_000_000)}"}`;
    const { turns, result: scan } = await turnsWhile(() => scanPythonJsonAsync(text));
    expect(scan.ok).toBe(true);
    expect(turns).toBeGreaterThan(1);
  });
});

describe('long runs of whitespace', () => {
  const run = ' \n\t\r'.repeat(STRING_PIECE);

  it('are skipped wherever JSON allows them, paused and resumed, with the same result and errors', async () => {
    const texts = [
      `${run}{${run}"a"${run}:${run}[${run}1${run},${run}2.0${run}]${run},${run}"b"${run}:${run}{${run}}${run}}${run}`,
      `${run}[${run}]${run}`,
      `[1${run}2]`,
      `{"a"${run}1}`,
      `{${run}1}`,
      `[1,${run}]`,
      `[1]${run}x`,
      `${run}`,
    ];
    const results = [];
    for (const text of texts) results.push(await scanBoth(text));
    expect(results[0]).toEqual({ ok: true, value: { a: [1, new PyFloat(2)], b: {} } });
    expect(results[1]).toEqual({ ok: true, value: [] });
    const at = (text: string, char: string) => text.lastIndexOf(char);
    expect(results.slice(2)).toEqual([
      { ok: false, error: 'syntax', msg: "Expecting ',' delimiter", pos: at(texts[2] as string, '2') },
      { ok: false, error: 'syntax', msg: "Expecting ':' delimiter", pos: at(texts[3] as string, '1') },
      {
        ok: false,
        error: 'syntax',
        msg: 'Expecting property name enclosed in double quotes',
        pos: at(texts[4] as string, '1'),
      },
      { ok: false, error: 'syntax', msg: 'Expecting value', pos: at(texts[5] as string, ']') },
      { ok: false, error: 'syntax', msg: 'Extra data', pos: at(texts[6] as string, 'x') },
      { ok: false, error: 'syntax', msg: 'Expecting value', pos: run.length },
    ]);
  });

  it('let the event loop run while megabytes of them are skipped', async () => {
    const { turns, result: scan } = await turnsWhile(() => scanPythonJsonAsync(`[1,${' '.repeat(20_000_000)}2]`));
    expect(scan).toEqual({ ok: true, value: [1, 2] });
    expect(turns).toBeGreaterThan(1);
  });
});
