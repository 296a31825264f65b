import { describe, expect, it } from 'vitest';
import { fastapiJson } from '../../fastapi/python-json/index.js';
import { pyFloat } from './index.js';
import { escapeFreeStrings, OutOfRangeFloatError, pythonJsonDumps } from './json-dumps.js';

// Expected texts are what CPython 3.11 prints for the same values (checked by hand).
describe('json.dumps', () => {
  it('with its defaults: ", " and ": ", ASCII only (DEL, lone surrogates, pairs as two escapes), NaN', () => {
    const value = { a: 'é "q" \\ \n\u001f\u007f\ud800😀', b: [1, pyFloat(2), pyFloat(Number.NaN)], c: null, d: true };
    expect(pythonJsonDumps(value)).toBe(
      '{"a": "\\u00e9 \\"q\\" \\\\ \\n\\u001f\\u007f\\ud800\\ud83d\\ude00", "b": [1, 2.0, NaN], "c": null, "d": true}',
    );
  });

  it('quotes the strings of a list marked escape-free as they are, and those of any other list as usual', () => {
    const images = ['iVBORw0KGgo+/A==', 'QUJD'];
    const marked = escapeFreeStrings([...images]);
    expect(fastapiJson({ images: marked })).toBe(fastapiJson({ images }));
    expect(pythonJsonDumps(['é'])).toBe('["\\u00e9"]');
  });

  it("as FastAPI's JSONResponse: compact, non-ASCII kept, keys in order, undefined left out, NaN refused", () => {
    expect(fastapiJson({ z: 'é 😀 "', a: [pyFloat(1e20), 0.5, -0], u: undefined })).toBe(
      '{"z":"é 😀 \\"","a":[1e+20,0.5,0]}',
    );
    expect(() => fastapiJson({ x: pyFloat(Number.POSITIVE_INFINITY) })).toThrow(OutOfRangeFloatError);
  });
});
