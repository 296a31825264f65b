import type { ValidationIssue } from '../errors/index.js';
import { isPlainDict, type Schema, SchemaRefs } from '../pydantic/schema.js';
import { PyFloat, type PyJson } from '../../webui/python/index.js';
import { boundIssue, issue, literalIssue } from './issues.js';
import { laxBool, laxFloat, laxInt, laxStr, type Scalar } from './scalars.js';
import { fieldsOf, shapeOf, type Shape } from './shape.js';

type Loc = Array<string | number>;
type Input = PyJson | Uint8Array;

/**
 * Models' fields the document cannot describe: `allow_inf_nan=False` floats (model title →
 * field names), which refuse NaN and infinity as `finite_number`.
 */
export type FiniteFields = Readonly<Record<string, ReadonlySet<string>>>;

/**
 * Request validation as FastAPI ≥ 0.100 + pydantic 2 does it, driven by the OpenAPI 3.1 document
 * the server itself serves (JSON Schema 2020-12: `anyOf` with `{"type":"null"}` for `Optional`,
 * `const`, `$defs`, `type` arrays, `prefixItems`): lax-mode coercion (`"3.0"` → 3, `20.7` refused
 * as `int_from_float`, numbers never made strings), `null` only where the type is `Optional` or
 * `Any`, unknown fields ignored, defaults as declared (not coerced), and v2 error items
 * (`type, loc, msg, input[, ctx]`) in the model's field order.
 */
export class PydanticV2Model {
  private readonly refs: SchemaRefs;

  constructor(
    schemas: Record<string, Schema>,
    private readonly finite: FiniteFields = {},
  ) {
    this.refs = new SchemaRefs(schemas);
  }

  /** Validates a present value against `schema`; `loc` is FastAPI's location prefix (`['body']`). */
  coerce(schema: Schema, value: Input, loc: Loc): { value: PyJson; issues: ValidationIssue[] } {
    const issues: ValidationIssue[] = [];
    return { value: this.validate(shapeOf(schema, this.refs), value, loc, issues, false), issues };
  }

  private validate(shape: Shape, value: Input, loc: Loc, issues: ValidationIssue[], finite: boolean): PyJson {
    if (value === null && shape.nullable) return null;
    const input = asInput(value);
    const scalar = (result: Scalar<PyJson>) => {
      if ('error' in result) {
        issues.push(issue(result.error, loc, input));
        return null;
      }
      return result.value;
    };
    switch (shape.kind) {
      case 'any':
        return input;
      case 'null':
        if (value !== null) issues.push(issue('none_required', loc, input));
        return null;
      case 'literal':
        return this.literal(shape.values, value, loc, issues);
      case 'integer':
        return this.bounded(shape, scalar(laxInt(value)), loc, issues, input);
      case 'number':
        return this.bounded(shape, scalar(laxFloat(value, finite)), loc, issues, input);
      case 'boolean':
        return scalar(laxBool(value));
      case 'string':
        return scalar(laxStr(value));
      case 'array':
        if (!Array.isArray(value)) return scalar({ error: 'list_type' });
        return value.map((item, index) => {
          const itemShape = shape.prefix[index] ?? shape.items;
          return this.validate(itemShape, item, [...loc, index], issues, false);
        });
      case 'dict':
        return this.dict(shape, value, loc, issues);
      case 'model':
        return this.model(shape, value, loc, issues);
      case 'union':
        return this.union(shape.options, value, loc, issues);
    }
  }

  private bounded(shape: Shape, value: PyJson, loc: Loc, issues: ValidationIssue[], input: PyJson): PyJson {
    if (value === null || shape.bounds === undefined) return value;
    const number = value instanceof PyFloat ? value.value : (value as number);
    const float = shape.kind === 'number';
    // pydantic checks gt, ge, lt, le in turn and stops at the first failure; NaN fails them all.
    for (const [kind, limit] of shape.bounds) {
      const ok =
        kind === 'gt'
          ? number > limit
          : kind === 'ge'
            ? number >= limit
            : kind === 'lt'
              ? number < limit
              : number <= limit;
      if (!ok) {
        issues.push(boundIssue(kind, limit, float, loc, input));
        return null;
      }
    }
    return value;
  }

  /** `Literal[...]`: Python equality after lax int coercion for int choices (`1.0` and `True` are 1; `"1"` is not). */
  private literal(values: readonly PyJson[], value: Input, loc: Loc, issues: ValidationIssue[]): PyJson {
    const plain = value instanceof PyFloat ? value.value : typeof value === 'boolean' ? Number(value) : value;
    const found = values.find((choice) => choice === value || (typeof choice === 'number' && choice === plain));
    if (found !== undefined) return found;
    issues.push(literalIssue(values, loc, asInput(value)));
    return null;
  }

  private dict(shape: Extract<Shape, { kind: 'dict' }>, value: Input, loc: Loc, issues: ValidationIssue[]): PyJson {
    if (!isPlainDict(value)) {
      issues.push(issue('dict_type', loc, asInput(value)));
      return null;
    }
    if (shape.values === undefined) return value;
    const out: Record<string, PyJson> = {};
    for (const [key, item] of Object.entries(value)) {
      defineKey(out, key, this.validate(shape.values, item as PyJson, [...loc, key], issues, false));
    }
    return out;
  }

  private model(shape: Extract<Shape, { kind: 'model' }>, value: Input, loc: Loc, issues: ValidationIssue[]): PyJson {
    if (!isPlainDict(value)) {
      issues.push(issue('model_attributes_type', loc, asInput(value)));
      return null;
    }
    const finite = this.finite[shape.title];
    const out: Record<string, PyJson> = {};
    for (const field of fieldsOf(shape, this.refs)) {
      const given = Object.hasOwn(value, field.name) ? (value[field.name] as PyJson) : undefined;
      if (given !== undefined) {
        const result = this.validate(
          field.shape,
          given,
          [...loc, field.name],
          issues,
          finite?.has(field.name) === true,
        );
        defineKey(out, field.name, result);
      } else if (field.required) issues.push(issue('missing', [...loc, field.name], value));
      else defineKey(out, field.name, field.fallback());
    }
    return out;
  }

  /** Smart-mode unions, simplified: the first member that validates; else every member's errors, tagged. */
  private union(options: readonly Shape[], value: Input, loc: Loc, issues: ValidationIssue[]): PyJson {
    const collected: ValidationIssue[] = [];
    for (const option of options) {
      const attempt: ValidationIssue[] = [];
      const result = this.validate(option, value, [...loc, option.tag], attempt, false);
      if (attempt.length === 0) return result;
      collected.push(...attempt);
    }
    issues.push(...collected);
    return null;
  }
}

/** What an error item's `input` shows: a body that is not JSON is FastAPI's bytes, decoded. */
function asInput(value: Input): PyJson {
  return value instanceof Uint8Array ? new TextDecoder().decode(value) : value;
}

/** Sets a key even when it is `__proto__` (a request may name a field so). */
function defineKey(out: Record<string, PyJson>, key: string, value: PyJson): void {
  if (key === '__proto__')
    Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
  else out[key] = value;
}
