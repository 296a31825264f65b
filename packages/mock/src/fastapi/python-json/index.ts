import { PyFloat, type PyJson } from '../../webui/python/index.js';
import { jsonDumps, type JsonDumpsStyle } from '../../webui/python/json-dumps.js';

/** Starlette's `JSONResponse.render`: `json.dumps(ensure_ascii=False, allow_nan=False, separators=(",", ":"))`. */
const JSON_RESPONSE: JsonDumpsStyle = { items: ',', pairs: ':', ascii: false, allowNan: false };

/** What FastAPI's JSONResponse writes: compact separators, non-ASCII kept, NaN and infinity refused. */
export function fastapiJson(value: PyJson): string {
  return jsonDumps(value, JSON_RESPONSE);
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
