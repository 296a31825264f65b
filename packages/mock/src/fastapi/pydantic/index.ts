import type { ValidationIssue } from '../errors/index.js';
import { PyFloat, pyFloat, type PyJson } from '../python-json/index.js';

/**
 * Request validation the way FastAPI 0.94 + pydantic v1 (the webui's stack) does it, driven by
 * the normalized OpenAPI schemas: lenient coercion (`"20"` → 20, `20.7` → 20, `"yes"` → true,
 * `7` → `7.0` for float fields), unknown fields dropped, `null` accepted for optional fields,
 * defaults filled in, and pydantic's own error messages and types for what cannot be coerced.
 */
export type Schema = { [key: string]: unknown };

export interface CoerceResult {
  value: PyJson;
  issues: ValidationIssue[];
}

/**
 * Float defaults the webui declares with an int literal. JSON cannot tell `0` from `0.0`, so
 * number fields with integral defaults are echoed as floats except these (seen in recordings:
 * `"subseed_strength":0` next to `"cfg_scale":7.0`; `denoising_strength` defaulted to int 0 up to 1.6).
 */
const INT_LITERAL_DEFAULTS = new Set(['subseed_strength', 'denoising_strength']);

const BOOL_TRUE = new Set(['1', 'on', 't', 'true', 'y', 'yes']);
const BOOL_FALSE = new Set(['0', 'off', 'f', 'false', 'n', 'no']);

export class PydanticModel {
  constructor(private readonly schemas: Record<string, Schema>) {}

  private resolve(schema: Schema): Schema {
    let current = schema;
    for (let hops = 0; typeof current.$ref === 'string' && hops < 16; hops++) {
      current = this.schemas[(current.$ref as string).split('/').pop() as string] ?? {};
    }
    return current;
  }

  /** Validates `value` against `schema`; `loc` is the FastAPI location prefix (`['body']`). */
  coerce(schema: Schema, value: unknown, loc: Array<string | number>): CoerceResult {
    const issues: ValidationIssue[] = [];
    const result = this.field(schema, value, loc, issues, true);
    return { value: result, issues };
  }

  private field(raw: Schema, value: unknown, loc: Array<string | number>, issues: ValidationIssue[], required: boolean): PyJson {
    const schema = this.resolve(raw);
    const nullable = raw.nullable === true || schema.nullable === true || !required;
    if (value === null) {
      if (nullable) return null;
      issues.push({ loc, msg: 'none is not an allowed value', type: 'type_error.none.not_allowed' });
      return null;
    }
    if (Array.isArray(raw.allOf) && raw.allOf.length === 1) return this.field(raw.allOf[0] as Schema, value, loc, issues, required);
    if (Array.isArray(schema.anyOf)) return this.union(schema.anyOf as Schema[], value, loc, issues);
    const coerced = this.typed(schema, value, loc, issues);
    if (coerced !== undefined && Array.isArray(schema.enum)) this.checkEnum(schema.enum, coerced, loc, issues);
    if (typeof coerced === 'number' || coerced instanceof PyFloat) this.checkBounds(schema, coerced, loc, issues);
    return coerced ?? null;
  }

  private union(options: Schema[], value: unknown, loc: Array<string | number>, issues: ValidationIssue[]): PyJson {
    const collected: ValidationIssue[] = [];
    for (const option of options) {
      const attempt: ValidationIssue[] = [];
      const result = this.field(option, value, loc, attempt, true);
      if (attempt.length === 0) return result;
      collected.push(...attempt);
    }
    issues.push(...collected);
    return null;
  }

  private typed(schema: Schema, value: unknown, loc: Array<string | number>, issues: ValidationIssue[]): PyJson | undefined {
    const fail = (msg: string, type: string) => {
      issues.push({ loc, msg, type });
      return undefined;
    };
    switch (schema.type) {
      case 'integer': {
        const result = toInt(value);
        return result === undefined ? fail('value is not a valid integer', 'type_error.integer') : result;
      }
      case 'number': {
        const result = toFloat(value);
        return result === undefined ? fail('value is not a valid float', 'type_error.float') : pyFloat(result);
      }
      case 'boolean': {
        const result = toBool(value);
        return result === undefined ? fail('value could not be parsed to a boolean', 'type_error.bool') : result;
      }
      case 'string': {
        if (typeof value === 'string') return value;
        if (typeof value === 'number') return String(value);
        if (typeof value === 'boolean') return value ? 'True' : 'False';
        return fail('str type expected', 'type_error.str');
      }
      case 'array': {
        if (!Array.isArray(value)) return fail('value is not a valid list', 'type_error.list');
        const items = (schema.items ?? {}) as Schema;
        return value.map((item, index) => this.field(items, item, [...loc, index], issues, true));
      }
      case 'object':
        return this.object(schema, value, loc, issues);
      default:
        return value as PyJson;
    }
  }

  private object(schema: Schema, value: unknown, loc: Array<string | number>, issues: ValidationIssue[]): PyJson | undefined {
    let input: Record<string, unknown>;
    // Raw bytes (a body sent as text/plain) are no dict either: FastAPI hands them over as bytes.
    if (value !== null && typeof value === 'object' && !Array.isArray(value) && !(value instanceof Uint8Array)) input = value as Record<string, unknown>;
    else if (Array.isArray(value) && value.every((pair) => Array.isArray(pair) && pair.length === 2)) {
      input = Object.fromEntries(value as Array<[string, unknown]>);
    } else {
      issues.push({ loc, msg: 'value is not a valid dict', type: 'type_error.dict' });
      return undefined;
    }
    const properties = schema.properties as Record<string, Schema> | undefined;
    if (properties === undefined) return input as PyJson;
    const required = new Set(Array.isArray(schema.required) ? (schema.required as string[]) : []);
    const out: Record<string, PyJson> = {};
    for (const [name, property] of Object.entries(properties)) {
      if (name in input) {
        out[name] = this.field(property, input[name], [...loc, name], issues, required.has(name));
      } else if (required.has(name)) {
        issues.push({ loc: [...loc, name], msg: 'field required', type: 'value_error.missing' });
      } else {
        out[name] = defaultOf(name, this.resolve(property), property);
      }
    }
    return out;
  }

  private checkEnum(allowed: unknown[], value: PyJson, loc: Array<string | number>, issues: ValidationIssue[]): void {
    const plain = value instanceof PyFloat ? value.value : value;
    if (allowed.some((option) => option === plain)) return;
    issues.push({
      loc,
      msg: `unexpected value; permitted: ${allowed.map((option) => (typeof option === 'string' ? `'${option}'` : String(option))).join(', ')}`,
      type: 'value_error.const',
      ctx: { given: plain as PyJson, permitted: allowed as PyJson[] },
    });
  }

  private checkBounds(schema: Schema, value: number | PyFloat, loc: Array<string | number>, issues: ValidationIssue[]): void {
    const number = typeof value === 'number' ? value : value.value;
    const check = (ok: boolean, words: string, code: string, bound: unknown) => {
      if (!ok) issues.push({ loc, msg: `ensure this value is ${words} ${String(bound)}`, type: `value_error.number.${code}`, ctx: { limit_value: bound as number } });
    };
    if (typeof schema.minimum === 'number') {
      if (schema.exclusiveMinimum === true) check(number > schema.minimum, 'greater than', 'not_gt', schema.minimum);
      else check(number >= schema.minimum, 'greater than or equal to', 'not_ge', schema.minimum);
    }
    if (typeof schema.maximum === 'number') {
      if (schema.exclusiveMaximum === true) check(number < schema.maximum, 'less than', 'not_lt', schema.maximum);
      else check(number <= schema.maximum, 'less than or equal to', 'not_le', schema.maximum);
    }
  }
}

/** A missing field's default, as pydantic v1 fills it (not coerced; float literals stay floats). */
function defaultOf(name: string, schema: Schema, raw: Schema): PyJson {
  const value = (raw.default ?? schema.default ?? null) as PyJson;
  if (typeof value === 'number' && schema.type === 'number' && !INT_LITERAL_DEFAULTS.has(name)) return pyFloat(value);
  return structuredClone(value);
}

/** Python's `int(v)`: truncates floats, parses integer strings, `True` → 1. */
function toInt(value: unknown): number | undefined {
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'number') return Number.isFinite(value) ? Math.trunc(value) : undefined;
  if (typeof value === 'string' && /^\s*[+-]?\d+(_\d+)*\s*$/.test(value)) return Number(value.replace(/_/g, ''));
  return undefined;
}

/** Python's `float(v)`. */
function toFloat(value: unknown): number | undefined {
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && /^\s*[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?\s*$/.test(value)) return Number(value);
  return undefined;
}

/** pydantic v1's `bool_validator`. */
function toBool(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (value === 0 || value === 1) return value === 1;
  if (typeof value === 'string') {
    const lower = value.toLowerCase();
    if (BOOL_TRUE.has(lower)) return true;
    if (BOOL_FALSE.has(lower)) return false;
  }
  return undefined;
}
