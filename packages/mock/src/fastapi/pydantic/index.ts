import type { ValidationIssue } from '../errors/index.js';
import { PyFloat, pyFloat, floatText, type PyJson } from '../../webui/python/index.js';
import { pythonBool, pythonDict, pythonFloat, pythonInt } from './coercion.js';
import { type Schema, SchemaRefs } from './schema.js';

/**
 * Request validation the way FastAPI 0.94 + pydantic v1 (the webui's stack) does it, driven by
 * the normalized OpenAPI schemas: lenient coercion (`"20"` → 20, `20.7` → 20, `"yes"` → true,
 * `7` → `7.0` for float fields), unknown fields dropped, defaults filled in, and pydantic's own
 * error messages and types for what cannot be coerced, in the model's field order.
 *
 * Which fields take `null` follows pydantic v1, not the normalized spec (which marks every
 * optional field nullable for clients): a field takes `null` when its type is `Any`, when it
 * defaults to `None` (no default in the schema and not required), or when the model says so
 * (`optionalFields`: the webui's generated processing models wrap their fields in `Optional`).
 */
export type { Schema } from './schema.js';

export interface CoerceResult {
  value: PyJson;
  issues: ValidationIssue[];
}

/**
 * Models whose fields are `Optional` whatever their default: model title → the fields that
 * keep their plain type (and so reject `null`). Every other field of these models takes `null`.
 */
export type OptionalFieldModels = Readonly<Record<string, ReadonlySet<string>>>;

/**
 * Float defaults the webui declares with an int literal. JSON cannot tell `0` from `0.0`, so
 * number fields with integral defaults are echoed as floats except these (seen in recordings:
 * `"subseed_strength":0` next to `"cfg_scale":7.0`; `denoising_strength` defaulted to int 0 up to 1.6).
 */
const INT_LITERAL_DEFAULTS = new Set(['subseed_strength', 'denoising_strength']);

/** A schema that says nothing about its value: pydantic's `Any`, which takes `None` too. */
function isAny(schema: Schema): boolean {
  return ['type', 'properties', 'anyOf', 'allOf', '$ref', 'enum'].every((key) => schema[key] === undefined);
}

/** A model's field, with what its schema says worked out once (see `PydanticModel.fieldsOf`). */
interface ModelField {
  name: string;
  property: Schema;
  required: boolean;
  allowsNone: boolean;
  /** What a request without the field gets: `make()` gives a fresh copy when it is a list or dict. */
  fallback: { value: PyJson; make?: () => PyJson };
}

export class PydanticModel {
  private readonly refs: SchemaRefs;
  /** Model fields per schema object: the ~50 generation fields are worked out once, not per request. */
  private readonly fields = new WeakMap<Schema, ModelField[]>();

  constructor(
    schemas: Record<string, Schema>,
    private readonly optionalFields: OptionalFieldModels = {},
  ) {
    this.refs = new SchemaRefs(schemas);
  }

  private resolve(schema: Schema): Schema {
    return this.refs.resolve(schema);
  }

  private fieldsOf(schema: Schema, properties: Record<string, Schema>): ModelField[] {
    let fields = this.fields.get(schema);
    if (fields !== undefined) return fields;
    const required = new Set(Array.isArray(schema.required) ? (schema.required as string[]) : []);
    const optional = this.optionalFields[String(schema.title)];
    fields = Object.entries(properties).map(([name, property]) => {
      const resolved = this.resolve(property);
      const isRequired = required.has(name);
      const allowsNone = optional
        ? !optional.has(name)
        : !isRequired && property.default === undefined && resolved.default === undefined;
      return { name, property, required: isRequired, allowsNone, fallback: defaultOf(name, resolved, property) };
    });
    this.fields.set(schema, fields);
    return fields;
  }

  /** Validates a present, non-null `value` against `schema`; `loc` is the FastAPI location prefix (`['body']`). */
  coerce(schema: Schema, value: PyJson | Uint8Array, loc: Array<string | number>): CoerceResult {
    const issues: ValidationIssue[] = [];
    const result = this.field(schema, value, loc, issues, false);
    return { value: result, issues };
  }

  private field(
    raw: Schema,
    value: PyJson | Uint8Array,
    loc: Array<string | number>,
    issues: ValidationIssue[],
    allowsNone: boolean,
  ): PyJson {
    const schema = this.resolve(raw);
    if (value === null) {
      if (!allowsNone && !isAny(schema))
        issues.push({ loc, msg: 'none is not an allowed value', type: 'type_error.none.not_allowed' });
      return null;
    }
    if (Array.isArray(schema.enum)) return this.literal(schema.enum as PyJson[], value, loc, issues);
    if (Array.isArray(schema.anyOf)) return this.union(schema.anyOf as Schema[], value, loc, issues);
    const coerced = this.typed(schema, value, loc, issues);
    if (coerced === undefined) return null;
    if (typeof coerced === 'number' || coerced instanceof PyFloat) this.checkBounds(schema, coerced, loc, issues);
    return coerced;
  }

  private union(
    options: Schema[],
    value: PyJson | Uint8Array,
    loc: Array<string | number>,
    issues: ValidationIssue[],
  ): PyJson {
    const collected: ValidationIssue[] = [];
    for (const option of options) {
      const attempt: ValidationIssue[] = [];
      const result = this.field(option, value, loc, attempt, false);
      if (attempt.length === 0) return result;
      collected.push(...attempt);
    }
    issues.push(...collected);
    return null;
  }

  /** `Literal[...]`: no coercion, Python equality (`0.0` and `False` equal `0`; `"0"` does not). */
  private literal(
    allowed: PyJson[],
    value: PyJson | Uint8Array,
    loc: Array<string | number>,
    issues: ValidationIssue[],
  ): PyJson {
    const plain = value instanceof PyFloat ? value.value : typeof value === 'boolean' ? Number(value) : value;
    const match = allowed.find((option) => option === plain);
    if (match !== undefined) return match;
    const shown = allowed.map((option) => (typeof option === 'string' ? `'${option}'` : String(option)));
    const given = value instanceof Uint8Array ? new TextDecoder().decode(value) : value;
    issues.push({
      loc,
      msg: `unexpected value; permitted: ${shown.join(', ')}`,
      type: 'value_error.const',
      ctx: { given, permitted: allowed },
    });
    return null;
  }

  private typed(
    schema: Schema,
    value: PyJson | Uint8Array,
    loc: Array<string | number>,
    issues: ValidationIssue[],
  ): PyJson | undefined {
    const fail = (msg: string, type: string) => {
      issues.push({ loc, msg, type });
      return undefined;
    };
    switch (schema.type) {
      case 'integer': {
        const result = pythonInt(value);
        return result === undefined ? fail('value is not a valid integer', 'type_error.integer') : result;
      }
      case 'number': {
        const result = pythonFloat(value);
        return result === undefined ? fail('value is not a valid float', 'type_error.float') : pyFloat(result);
      }
      case 'boolean': {
        const result = pythonBool(value);
        return result === undefined ? fail('value could not be parsed to a boolean', 'type_error.bool') : result;
      }
      case 'string': {
        const result = strValue(value);
        return result === undefined ? fail('str type expected', 'type_error.str') : result;
      }
      case 'array': {
        if (!Array.isArray(value)) return fail('value is not a valid list', 'type_error.list');
        const items = (schema.items ?? {}) as Schema;
        return value.map((item, index) => this.field(items, item, [...loc, index], issues, false));
      }
      case 'object':
        return this.object(schema, value, loc, issues);
      default:
        return value instanceof Uint8Array ? undefined : value;
    }
  }

  private object(
    schema: Schema,
    value: PyJson | Uint8Array,
    loc: Array<string | number>,
    issues: ValidationIssue[],
  ): PyJson | undefined {
    const input = pythonDict(value);
    if (input === undefined) {
      issues.push({ loc, msg: 'value is not a valid dict', type: 'type_error.dict' });
      return undefined;
    }
    const properties = schema.properties as Record<string, Schema> | undefined;
    if (properties === undefined) return this.plainDict(input, loc, issues);
    const given = new Map(input.filter(([key]) => typeof key === 'string') as Array<[string, PyJson]>);
    const out: Record<string, PyJson> = {};
    for (const { name, property, required, allowsNone, fallback } of this.fieldsOf(schema, properties)) {
      if (given.has(name)) {
        out[name] = this.field(property, given.get(name) as PyJson, [...loc, name], issues, allowsNone);
      } else if (required) {
        issues.push({ loc: [...loc, name], msg: 'field required', type: 'value_error.missing' });
      } else {
        out[name] = fallback.make ? fallback.make() : fallback.value;
      }
    }
    return out;
  }

  /** `dict` / `Dict[str, Any]`: keys become `str` as pydantic's `str_validator` makes them; values are kept. */
  private plainDict(entries: Array<[PyJson, PyJson]>, loc: Array<string | number>, issues: ValidationIssue[]): PyJson {
    const out: Record<string, PyJson> = {};
    for (const [key, item] of entries) {
      const name = key === null ? undefined : strValue(key);
      if (name === undefined) {
        issues.push({
          loc: [...loc, '__key__'],
          ...(key === null
            ? { msg: 'none is not an allowed value', type: 'type_error.none.not_allowed' }
            : { msg: 'str type expected', type: 'type_error.str' }),
        });
        continue;
      }
      Object.defineProperty(out, name, { value: item, enumerable: true, writable: true, configurable: true });
    }
    return out;
  }

  private checkBounds(
    schema: Schema,
    value: number | PyFloat,
    loc: Array<string | number>,
    issues: ValidationIssue[],
  ): void {
    const number = typeof value === 'number' ? value : value.value;
    // pydantic stops at the first failing constraint; `not v >= limit` also fails for NaN.
    const check = (ok: boolean, words: string, code: string, bound: unknown) => {
      if (ok) return true;
      issues.push({
        loc,
        msg: `ensure this value is ${words} ${String(bound)}`,
        type: `value_error.number.${code}`,
        ctx: { limit_value: bound as number },
      });
      return false;
    };
    if (typeof schema.minimum === 'number') {
      const ok =
        schema.exclusiveMinimum === true
          ? check(number > schema.minimum, 'greater than', 'not_gt', schema.minimum)
          : check(number >= schema.minimum, 'greater than or equal to', 'not_ge', schema.minimum);
      if (!ok) return;
    }
    if (typeof schema.maximum === 'number') {
      if (schema.exclusiveMaximum === true) check(number < schema.maximum, 'less than', 'not_lt', schema.maximum);
      else check(number <= schema.maximum, 'less than or equal to', 'not_le', schema.maximum);
    }
  }
}

/** pydantic v1's `str_validator`: numbers become Python's `str()` of them (`1e+20`, `True`). */
function strValue(value: PyJson | Uint8Array): string | undefined {
  if (typeof value === 'string') return value;
  if (value instanceof PyFloat) return floatText(value.value);
  if (typeof value === 'number')
    return Number.isInteger(value) && Math.abs(value) >= 1e21 ? BigInt(value).toString() : String(value);
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (value instanceof Uint8Array) {
    try {
      return new TextDecoder('utf-8', { fatal: true }).decode(value);
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/**
 * A missing field's default, as pydantic v1 fills it (not coerced; float literals stay floats). Scalars and
 * `PyFloat`s (immutable) are shared; lists and dicts are copied per request, as a handler may change them.
 */
function defaultOf(name: string, schema: Schema, raw: Schema): ModelField['fallback'] {
  const value = (raw.default ?? schema.default ?? null) as PyJson;
  if (typeof value === 'number' && schema.type === 'number' && !INT_LITERAL_DEFAULTS.has(name)) {
    return { value: pyFloat(value) };
  }
  if (Array.isArray(value) && value.length === 0) return { value, make: () => [] };
  if (value !== null && typeof value === 'object') {
    return { value, make: Object.keys(value).length === 0 ? () => ({}) : () => structuredClone(value) };
  }
  return { value };
}
