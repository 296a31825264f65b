import { PyFloat, type PyJson } from '../../webui/python/index.js';
import { jsonDumps, type JsonDumpsStyle } from '../../webui/python/json-dumps.js';

/** Starlette's `JSONResponse.render`: `json.dumps(ensure_ascii=False, allow_nan=False, separators=(",", ":"))`. */
const JSON_RESPONSE: JsonDumpsStyle = { items: ',', pairs: ':', ascii: false, allowNan: false };

/** pydantic v2's JSON-mode serialization of a response model (`ser_json_inf_nan='null'`) before JSONResponse. */
const SERIALIZED_MODEL: JsonDumpsStyle = { ...JSON_RESPONSE, nonFinite: 'null' };

/**
 * What FastAPI's JSONResponse writes: compact separators, non-ASCII kept, NaN and infinity
 * refused; with `modelNulls` (a pydantic 2 response model, serialized before) they are `null`.
 */
export function fastapiJson(value: PyJson, modelNulls = false): string {
  return jsonDumps(value, modelNulls ? SERIALIZED_MODEL : JSON_RESPONSE);
}

/** Python's `UnicodeEncodeError` from `str.encode("utf-8")` (Starlette's render) on a lone surrogate. */
class UnicodeEncodeError extends Error {
  override readonly name = 'UnicodeEncodeError';
}

/** `text.encode("utf-8")` as Python checks it: a lone surrogate (kept by `json.dumps`) is refused at its code-point position. */
export function checkUtf8Encodable(text: string): void {
  if ((text as unknown as { isWellFormed(): boolean }).isWellFormed()) return;
  let position = 0;
  for (const char of text) {
    const unit = char.charCodeAt(0);
    if (char.length === 1 && unit >= 0xd800 && unit <= 0xdfff) {
      throw new UnicodeEncodeError(
        `'utf-8' codec can't encode character '\\u${unit.toString(16)}' in position ${position}: surrogates not allowed`,
      );
    }
    position++;
  }
}

/** Pretty JSON (2-space indent) with Python floats kept, for files people read and diff. */
export function prettyPythonJson(value: PyJson, indent = ''): string {
  if (value instanceof PyFloat || value === null || typeof value !== 'object') return fastapiJson(value);
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    return `[\n${value.map((item) => inner + prettyPythonJson(item, inner)).join(',\n')}\n${indent}]`;
  }
  const entries = Object.entries(value).filter(([, item]) => item !== undefined) as Array<[string, PyJson]>;
  if (entries.length === 0) return '{}';
  const lines = entries.map(([key, item]) => `${inner}${JSON.stringify(key)}: ${prettyPythonJson(item, inner)}`);
  return `{\n${lines.join(',\n')}\n${indent}}`;
}
