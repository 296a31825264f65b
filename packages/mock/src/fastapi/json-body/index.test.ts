import { describe, expect, it } from 'vitest';
import { parseJsonBody, pythonJsonError } from './index.js';

// Expected messages were produced by CPython 3.11's json.loads on the same inputs.
const CPYTHON: Array<[string, string]> = [
  ["{x", "Expecting property name enclosed in double quotes: line 1 column 2 (char 1)"],
  ["", "Expecting value: line 1 column 1 (char 0)"],
  ["{\"a\":1,}", "Expecting property name enclosed in double quotes: line 1 column 8 (char 7)"],
  ["{\"a\" 1}", "Expecting ':' delimiter: line 1 column 6 (char 5)"],
  ["[1 2]", "Expecting ',' delimiter: line 1 column 4 (char 3)"],
  ["{\"a\":1}x", "Extra data: line 1 column 8 (char 7)"],
  ["\"abc", "Unterminated string starting at: line 1 column 1 (char 0)"],
  ["{\"a\":tru}", "Expecting value: line 1 column 6 (char 5)"],
  ["[1,]", "Expecting value: line 1 column 4 (char 3)"],
  ["{\"a\":\"\u0001\"}", "Invalid control character at: line 1 column 7 (char 6)"],
  ["{\"a\":\"\\q\"}", "Invalid \\escape: line 1 column 7 (char 6)"],
  [" ", "Expecting value: line 1 column 2 (char 1)"],
  ["{\"a\":1", "Expecting ',' delimiter: line 1 column 7 (char 6)"],
  ["[", "Expecting value: line 1 column 2 (char 1)"],
  ["nul", "Expecting value: line 1 column 1 (char 0)"],
  ["{\"a\":\n  [1,\n  2 3]}", "Expecting ',' delimiter: line 3 column 5 (char 16)"],
];

describe('pythonJsonError', () => {
  it.each(CPYTHON.filter(([text]) => text !== ''))('%j → %s', (text, expected) => {
    const { msg, pos } = pythonJsonError(text);
    const before = text.slice(0, pos);
    expect(`${msg}: line ${before.split('\n').length} column ${pos - before.lastIndexOf('\n')} (char ${pos})`).toBe(expected);
  });
});

describe('parseJsonBody', () => {
  const bytes = (text: string) => new TextEncoder().encode(text);

  it('gives FastAPI\'s jsondecode issue for broken JSON', () => {
    expect(parseJsonBody(bytes('{x'), 'application/json')).toEqual({
      ok: false,
      issue: {
        loc: ['body', 1],
        msg: 'Expecting property name enclosed in double quotes: line 1 column 2 (char 1)',
        type: 'value_error.jsondecode',
        ctx: { msg: 'Expecting property name enclosed in double quotes', doc: '{x', pos: 1, lineno: 1, colno: 2 },
      },
    });
  });

  it('treats an empty body as missing and a non-JSON content type as raw bytes', () => {
    expect(parseJsonBody(new Uint8Array(), 'application/json')).toEqual({ ok: true, value: undefined });
    expect(parseJsonBody(bytes('{"a":1}'), 'text/plain')).toEqual({ ok: true, value: bytes('{"a":1}') });
    expect(parseJsonBody(bytes('{"a":1}'), undefined)).toEqual({ ok: true, value: { a: 1 } });
    expect(parseJsonBody(bytes('{"a":1}'), 'application/vnd.x+json; charset=utf-8')).toEqual({ ok: true, value: { a: 1 } });
  });
});
