import { pythonException, type ValidationIssue } from '../errors/index.js';

/** Python's default recursion limit: `json.loads` raises RecursionError past about this depth. */
const MAX_DEPTH = 1000;

/** Deepest `[`/`{` nesting outside strings, scanning only as far as needed. */
function nestingDepth(text: string, limit: number): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const char = text.charCodeAt(i);
    if (inString) {
      if (char === 92) i++;
      else if (char === 34) inString = false;
    } else if (char === 34) inString = true;
    else if (char === 91 || char === 123) {
      depth++;
      if (depth > max && (max = depth) > limit) return max;
    } else if (char === 93 || char === 125) depth--;
  }
  return max;
}

export type BodyParse = { ok: true; value: unknown } | { ok: false; issue: ValidationIssue };

/**
 * Reads a request body the way FastAPI 0.94 does: JSON only when the content type says JSON
 * (or is absent); an empty body is "missing"; any other body reaches the model as raw bytes,
 * which then fails as "not a valid dict". Broken JSON gives Python's own decoder message.
 */
export function parseJsonBody(bytes: Uint8Array, contentType: string | undefined): BodyParse | { ok: true; value: undefined } {
  if (bytes.length === 0) return { ok: true, value: undefined };
  const mediaType = (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  const isJson = mediaType === '' || mediaType === 'application/json' || /^application\/.+\+json$/.test(mediaType);
  if (!isJson) return { ok: true, value: bytes };
  const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
  if (nestingDepth(text, MAX_DEPTH) > MAX_DEPTH) {
    // Not a JSONDecodeError: FastAPI lets it through and the webui's handler answers 500.
    throw pythonException('RecursionError', 'maximum recursion depth exceeded while decoding a JSON array from a unicode string');
  }
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    const { msg, pos } = pythonJsonError(text);
    const before = text.slice(0, pos);
    const lineno = before.split('\n').length;
    const colno = pos - before.lastIndexOf('\n');
    return {
      ok: false,
      issue: {
        loc: ['body', pos],
        msg: `${msg}: line ${lineno} column ${colno} (char ${pos})`,
        type: 'value_error.jsondecode',
        ctx: { msg, doc: text, pos, lineno, colno },
      },
    };
  }
}

/** Finds the first error Python's `json.loads` would report, with its message and position. */
export function pythonJsonError(text: string): { msg: string; pos: number } {
  let i = 0;
  const ws = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i] as string)) i++;
  };
  class Fail {
    constructor(
      readonly msg: string,
      readonly pos: number,
    ) {}
  }
  const string = (): void => {
    const start = i;
    i++;
    while (i < text.length) {
      const char = text[i] as string;
      if (char === '"') {
        i++;
        return;
      }
      if (char === '\\') {
        const escape = text[i + 1];
        if (escape === undefined) throw new Fail('Unterminated string starting at', start);
        if (escape === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) throw new Fail('Invalid \\uXXXX escape', i + 1);
          i += 6;
          continue;
        }
        if (!'"\\/bfnrt'.includes(escape)) throw new Fail('Invalid \\escape', i);
        i += 2;
        continue;
      }
      if (char < ' ') throw new Fail('Invalid control character at', i);
      i++;
    }
    throw new Fail('Unterminated string starting at', start);
  };
  const value = (): void => {
    ws();
    const char = text[i];
    if (char === '"') return string();
    if (char === '{') {
      i++;
      ws();
      if (text[i] === '}') {
        i++;
        return;
      }
      for (;;) {
        ws();
        if (text[i] !== '"') throw new Fail('Expecting property name enclosed in double quotes', i);
        string();
        ws();
        if (text[i] !== ':') throw new Fail("Expecting ':' delimiter", i);
        i++;
        value();
        ws();
        if (text[i] === '}') {
          i++;
          return;
        }
        if (text[i] !== ',') throw new Fail("Expecting ',' delimiter", i);
        i++;
      }
    }
    if (char === '[') {
      i++;
      ws();
      if (text[i] === ']') {
        i++;
        return;
      }
      for (;;) {
        value();
        ws();
        if (text[i] === ']') {
          i++;
          return;
        }
        if (text[i] !== ',') throw new Fail("Expecting ',' delimiter", i);
        i++;
      }
    }
    const literal = /^(?:true|false|null|NaN|-?Infinity|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?)/.exec(text.slice(i));
    if (!literal) throw new Fail('Expecting value', i);
    i += literal[0].length;
  };
  try {
    value();
    ws();
    if (i < text.length) return { msg: 'Extra data', pos: i };
    return { msg: 'Expecting value', pos: 0 };
  } catch (error) {
    if (error instanceof Fail) return { msg: error.msg, pos: error.pos };
    throw error;
  }
}
