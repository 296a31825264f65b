import { PyFloat, type PyJson } from '../../webui/python/index.js';

/**
 * The one JSON scanner of the mock, written after CPython's `json` scanner: it accepts what
 * `json.loads` accepts (`NaN`, `Infinity`, `-Infinity`), keeps numbers written as floats
 * (`7.0`, `1e-05`) as `PyFloat` so they re-serialize to the same bytes, and on failure gives
 * Python's own message and position. Nesting deeper than Python's recursion limit fails as a
 * `RecursionError` would, before the JavaScript stack is at risk.
 */
export type JsonScan =
  | { ok: true; value: PyJson }
  | { ok: false; error: 'syntax'; msg: string; pos: number }
  | { ok: false; error: 'recursion' };

/** Python's default recursion limit: `json.loads` raises RecursionError about this deep. */
const PYTHON_RECURSION_LIMIT = 1000;

const NUMBER = /-?(?:0|[1-9]\d*)(\.\d+)?([eE][-+]?\d+)?/y;
const SPECIAL = /["\\\x00-\x1f]/g;

class Fail {
  constructor(
    readonly msg: string,
    readonly pos: number,
  ) {}
}

class TooDeep {}

export function scanPythonJson(text: string, maxDepth = PYTHON_RECURSION_LIMIT): JsonScan {
  let i = 0;
  const ws = () => {
    for (
      let char = text.charCodeAt(i);
      char === 32 || char === 9 || char === 10 || char === 13;
      char = text.charCodeAt(++i)
    );
  };
  const string = (): string => {
    const start = i;
    i++;
    let out = '';
    for (;;) {
      // Jump to the next quote, backslash or control character natively: image strings are megabytes long.
      SPECIAL.lastIndex = i;
      const found = SPECIAL.exec(text);
      if (!found) throw new Fail('Unterminated string starting at', start);
      out += text.slice(i, found.index);
      i = found.index;
      const char = text.charCodeAt(i);
      if (char === 34) {
        i++;
        return out;
      }
      if (char < 32) throw new Fail('Invalid control character at', i);
      const escaped = text[i + 1];
      if (escaped === undefined) throw new Fail('Unterminated string starting at', start);
      if (escaped === 'u') {
        const hex = text.slice(i + 2, i + 6);
        if (!/^[0-9a-fA-F]{4}$/.test(hex)) throw new Fail('Invalid \\uXXXX escape', i + 1);
        out += String.fromCharCode(Number.parseInt(hex, 16));
        i += 6;
      } else {
        const index = '"\\/bfnrt'.indexOf(escaped);
        if (index < 0) throw new Fail('Invalid \\escape', i);
        out += '"\\/\b\f\n\r\t'[index];
        i += 2;
      }
    }
  };
  const value = (depth: number): PyJson => {
    const char = text[i];
    if (char === '"') return string();
    if (char === '{' || char === '[') {
      if (depth >= maxDepth) throw new TooDeep();
      i++;
      ws();
      return char === '{' ? object(depth + 1) : array(depth + 1);
    }
    for (const [word, result] of LITERALS) {
      if (text.startsWith(word, i)) {
        i += word.length;
        return result instanceof PyFloat ? new PyFloat(result.value) : result;
      }
    }
    NUMBER.lastIndex = i;
    const number = NUMBER.exec(text);
    if (!number) throw new Fail('Expecting value', i);
    i = NUMBER.lastIndex;
    const parsed = Number(number[0]);
    return number[1] !== undefined || number[2] !== undefined ? new PyFloat(parsed) : parsed;
  };
  const object = (depth: number): PyJson => {
    const out: Record<string, PyJson> = {};
    if (text[i] === '}') return (i++, out);
    for (;;) {
      if (text[i] !== '"') throw new Fail('Expecting property name enclosed in double quotes', i);
      const key = string();
      ws();
      if (text[i] !== ':') throw new Fail("Expecting ':' delimiter", i);
      i++;
      ws();
      // A key named __proto__ is data, as in Python, never the object's prototype.
      Object.defineProperty(out, key, { value: value(depth), enumerable: true, writable: true, configurable: true });
      ws();
      if (text[i] === '}') return (i++, out);
      if (text[i] !== ',') throw new Fail("Expecting ',' delimiter", i);
      i++;
      ws();
    }
  };
  const array = (depth: number): PyJson => {
    const out: PyJson[] = [];
    if (text[i] === ']') return (i++, out);
    for (;;) {
      out.push(value(depth));
      ws();
      if (text[i] === ']') return (i++, out);
      if (text[i] !== ',') throw new Fail("Expecting ',' delimiter", i);
      i++;
      ws();
    }
  };
  try {
    ws();
    const result = value(0);
    ws();
    if (i < text.length) return { ok: false, error: 'syntax', msg: 'Extra data', pos: i };
    return { ok: true, value: result };
  } catch (error) {
    if (error instanceof Fail) return { ok: false, error: 'syntax', msg: error.msg, pos: error.pos };
    if (error instanceof TooDeep) return { ok: false, error: 'recursion' };
    throw error;
  }
}

const LITERALS: ReadonlyArray<[string, PyJson]> = [
  ['null', null],
  ['true', true],
  ['false', false],
  ['NaN', new PyFloat(Number.NaN)],
  ['Infinity', new PyFloat(Number.POSITIVE_INFINITY)],
  ['-Infinity', new PyFloat(Number.NEGATIVE_INFINITY)],
];

/** `json.loads` for files and recorded bodies: the parsed value, or a `SyntaxError` naming Python's message. */
export function parsePythonJson(text: string): PyJson {
  const scan = scanPythonJson(text);
  if (scan.ok) return scan.value;
  if (scan.error === 'recursion') throw new SyntaxError('maximum recursion depth exceeded while decoding JSON');
  throw new SyntaxError(`${scan.msg} at position ${scan.pos}`);
}
