import { PyFloat, type PyJson } from './index.js';

/**
 * `JSON.parse` that remembers which numbers were written as floats (`7.0`, `1e-05`), returning
 * them as `PyFloat`, so a body recorded from a webui re-serializes to the same bytes.
 */
export function parsePythonJson(text: string): PyJson {
  let i = 0;
  const fail = (): never => {
    throw new SyntaxError(`invalid JSON at position ${i}`);
  };
  const ws = () => {
    while (i < text.length && (text[i] === ' ' || text[i] === '\n' || text[i] === '\r' || text[i] === '\t')) i++;
  };
  const value = (): PyJson => {
    ws();
    const char = text[i];
    if (char === '{') {
      i++;
      const out: Record<string, PyJson> = {};
      ws();
      if (text[i] === '}') return i++, out;
      for (;;) {
        ws();
        if (text[i] !== '"') fail();
        const key = string();
        ws();
        if (text[i++] !== ':') fail();
        out[key] = value();
        ws();
        if (text[i] === '}') return i++, out;
        if (text[i++] !== ',') fail();
      }
    }
    if (char === '[') {
      i++;
      const out: PyJson[] = [];
      ws();
      if (text[i] === ']') return i++, out;
      for (;;) {
        out.push(value());
        ws();
        if (text[i] === ']') return i++, out;
        if (text[i++] !== ',') fail();
      }
    }
    if (char === '"') return string();
    const literal = /^(?:true|false|null|-?(?:0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?)/.exec(text.slice(i, i + 400));
    if (!literal) return fail();
    i += literal[0].length;
    if (literal[0] === 'true') return true;
    if (literal[0] === 'false') return false;
    if (literal[0] === 'null') return null;
    const number = Number(literal[0]);
    return literal[1] !== undefined || literal[2] !== undefined ? new PyFloat(number) : number;
  };
  const string = (): string => {
    const start = i;
    i++;
    while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
    if (i >= text.length) fail();
    i++;
    return JSON.parse(text.slice(start, i)) as string;
  };
  const result = value();
  ws();
  if (i !== text.length) fail();
  return result;
}
