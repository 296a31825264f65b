import type { ValidationIssue } from '../errors/index.js';
import { PyFloat, type PyJson } from '../../webui/python/index.js';

/** pydantic-core's message for each error type the request models can raise (pydantic 2.8–2.10). */
const MESSAGES: Record<string, string> = {
  int_type: 'Input should be a valid integer',
  int_parsing: 'Input should be a valid integer, unable to parse string as an integer',
  int_from_float: 'Input should be a valid integer, got a number with a fractional part',
  int_parsing_size: 'Unable to parse input string as an integer, exceeded maximum size',
  finite_number: 'Input should be a finite number',
  float_type: 'Input should be a valid number',
  float_parsing: 'Input should be a valid number, unable to parse string as a number',
  bool_type: 'Input should be a valid boolean',
  bool_parsing: 'Input should be a valid boolean, unable to interpret input',
  string_type: 'Input should be a valid string',
  list_type: 'Input should be a valid list',
  dict_type: 'Input should be a valid dictionary',
  model_attributes_type: 'Input should be a valid dictionary or object to extract fields from',
  missing: 'Field required',
  none_required: 'Input should be None',
  json_invalid: 'JSON decode error',
};

type Loc = Array<string | number>;

/** One v2 error item, keys in FastAPI's order: `type, loc, msg, input[, ctx]`. */
export function issue(type: string, loc: Loc, input: PyJson, ctx?: Record<string, PyJson>): ValidationIssue {
  const msg = MESSAGES[type] ?? type;
  return ctx ? { type, loc, msg, input, ctx } : { type, loc, msg, input };
}

/**
 * Rust's `Display` of a number in a message: integral values without a fraction (`le=1.0` reads
 * "less than or equal to 1"), others as their shortest digits.
 */
function shown(value: number): string {
  return Number.isInteger(value) ? BigInt(value).toString() : String(value);
}

const BOUNDS = {
  gt: ['greater_than', 'greater than'],
  ge: ['greater_than_equal', 'greater than or equal to'],
  lt: ['less_than', 'less than'],
  le: ['less_than_equal', 'less than or equal to'],
} as const;

/** A failed `gt`/`ge`/`lt`/`le`: `ctx` holds the limit as the field's type holds it (`1.0` for a float field). */
export function boundIssue(kind: keyof typeof BOUNDS, limit: number, float: boolean, loc: Loc, input: PyJson) {
  const [type, words] = BOUNDS[kind];
  const ctx = { [kind]: float ? new PyFloat(limit) : limit };
  return { type, loc, msg: `Input should be ${words} ${shown(limit)}`, input, ctx } as ValidationIssue;
}

/** Python's `repr` of a literal choice, as `literal_error` lists them. */
function literalRepr(value: PyJson): string {
  if (typeof value === 'string') return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  if (value === null) return 'None';
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  return value instanceof PyFloat ? String(value.value) : String(value);
}

/** `literal_error`: "Input should be 0 or 1", "Input should be 'a', 'b' or 'c'". */
export function literalIssue(allowed: readonly PyJson[], loc: Loc, input: PyJson): ValidationIssue {
  const parts = allowed.map(literalRepr);
  const expected = parts.length > 1 ? `${parts.slice(0, -1).join(', ')} or ${parts.at(-1)}` : (parts[0] ?? '');
  return { type: 'literal_error', loc, msg: `Input should be ${expected}`, input, ctx: { expected } };
}
