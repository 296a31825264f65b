import { isJsonObject, walkObjects, type Json, type JsonObject, type OpenApiDocument } from '../document/index.js';

/**
 * How a document's schemas say "may be null". OpenAPI 3.0 (FastAPI < 0.99, pydantic v1) has
 * `nullable: true`; OpenAPI 3.1 (pydantic v2) is JSON Schema 2020-12: a `{"type": "null"}`
 * branch of `anyOf`/`oneOf`, or `"null"` in a `type` array. The pipeline keeps each document
 * in its own dialect (openapi-typescript reads both) and translates only hand-written overlays.
 */
export type SchemaDialect = '3.0' | '3.1';

export function dialectOf(doc: { openapi: string }): SchemaDialect {
  return /^3\.1(\.|$)/.test(doc.openapi) ? '3.1' : '3.0';
}

/** Keywords that describe a value rather than constrain it: they stay outside a null union. */
const ANNOTATIONS = new Set([
  'title',
  'description',
  'default',
  'example',
  'examples',
  'deprecated',
  'readOnly',
  'writeOnly',
  '$comment',
]);

export const isAnnotation = (key: string): boolean => ANNOTATIONS.has(key);

/** `{"type": "null"}` as pydantic v2 writes it (a title or description beside it changes nothing). */
function isNullSchema(value: Json | undefined): boolean {
  return (
    isJsonObject(value) &&
    value.type === 'null' &&
    Object.keys(value).every((key) => key === 'type' || ANNOTATIONS.has(key))
  );
}

/** A schema that says nothing about its value (`{}`, `Any`): it already admits null. */
export function isUnconstrained(schema: JsonObject): boolean {
  return Object.keys(schema).every((key) => ANNOTATIONS.has(key) || key === 'nullable');
}

export interface NullableParts {
  /** The schema apart from null (annotations of the whole kept on it). */
  schema: JsonObject;
  /** Whether null is allowed besides it. */
  nullable: boolean;
}

/**
 * A schema taken apart into "what it is" and "whether null is allowed", in either dialect:
 * `{type: T, nullable: true}`, `{anyOf: [T, {type: null}]}`, `{oneOf: …}` and
 * `{type: [T, "null"]}` all give `{schema: T, nullable: true}`. A union of several non-null
 * branches stays a union. Used by the diff (a representation change is no change) and by
 * overlays that fill a 3.1 property.
 */
export function nullableParts(schema: JsonObject): NullableParts {
  if (schema.nullable === true) return { schema, nullable: true };
  if (Array.isArray(schema.type) && schema.type.includes('null')) {
    const types = schema.type.filter((type) => type !== 'null');
    if (types.length === 0) return { schema, nullable: false };
    return { schema: { ...schema, type: types.length === 1 ? (types[0] as Json) : types }, nullable: true };
  }
  for (const union of ['anyOf', 'oneOf'] as const) {
    const branches = schema[union];
    if (!Array.isArray(branches) || !branches.some(isNullSchema)) continue;
    const rest = branches.filter((branch) => !isNullSchema(branch));
    if (rest.length === 0) return { schema, nullable: false };
    const { [union]: _, ...outer } = schema;
    if (rest.length > 1) return { schema: { ...outer, [union]: rest }, nullable: true };
    const only = rest[0];
    return { schema: isJsonObject(only) ? { ...outer, ...only } : outer, nullable: true };
  }
  return { schema, nullable: false };
}

/**
 * The branch of a 3.1 nullable union that holds the value's type (`anyOf: [T, {type: null}]` →
 * `T`, the object itself, so it can be completed in place), or undefined when the schema is
 * not such a union.
 */
export function nonNullBranch(schema: JsonObject): JsonObject | undefined {
  for (const union of ['anyOf', 'oneOf'] as const) {
    const branches = schema[union];
    if (!Array.isArray(branches) || !branches.some(isNullSchema)) continue;
    const rest = branches.filter((branch) => !isNullSchema(branch));
    return rest.length === 1 && isJsonObject(rest[0]) ? rest[0] : undefined;
  }
  return undefined;
}

/**
 * A hand-written 3.0 schema (overlays are written in 3.0) in 3.1 form, as pydantic v2 would
 * write it: `{type: T, nullable: true, default: d}` → `{anyOf: [{type: T}, {type: "null"}],
 * default: d}`; a nullable schema without constraints is left as it is (it admits null);
 * boolean `exclusiveMinimum`/`exclusiveMaximum` take the numeric form. Nested schemas too.
 */
export function toDialect31<T extends Json>(value: T): T {
  if (Array.isArray(value)) return value.map((item) => toDialect31(item)) as T;
  if (!isJsonObject(value)) return value;
  const out: JsonObject = {};
  for (const [key, child] of Object.entries(value)) out[key] = toDialect31(child as Json);
  for (const [exclusive, bound] of [
    ['exclusiveMinimum', 'minimum'],
    ['exclusiveMaximum', 'maximum'],
  ] as const) {
    if (out[exclusive] === true && typeof out[bound] === 'number') {
      out[exclusive] = out[bound];
      delete out[bound];
    } else if (out[exclusive] === false) delete out[exclusive];
  }
  if (typeof out.nullable !== 'boolean') return out as T;
  const nullable = out.nullable;
  delete out.nullable;
  if (!nullable || isUnconstrained(out)) return out as T;
  const outer: JsonObject = {};
  let branch: JsonObject = {};
  for (const [key, child] of Object.entries(out)) {
    if (ANNOTATIONS.has(key)) outer[key] = child as Json;
    else branch[key] = child as Json;
  }
  // The 3.0 way to make a reference nullable is a one-item allOf: the reference is the branch.
  if (Object.keys(branch).length === 1 && Array.isArray(branch.allOf) && branch.allOf.length === 1) {
    const [only] = branch.allOf;
    if (isJsonObject(only)) branch = only;
  }
  return { ...outer, anyOf: [branch, { type: 'null' }] } as unknown as T;
}

/** The framework generation that wrote a document, as far as it shows (`SpecMeta.framework`). */
export type Framework = 'pydantic-v1' | 'pydantic-v2' | null;

/**
 * `pydantic-v1` for OpenAPI 3.0 (FastAPI ran only pydantic v1 then); `pydantic-v2` for 3.1 with
 * `anyOf: [T, {"type": "null"}]` (pydantic v2 writes every `Optional` so); null for a 3.1
 * document that does not show (FastAPI 0.99+ on pydantic v1 writes 3.1 too).
 */
export function frameworkOf(doc: OpenApiDocument): Framework {
  if (dialectOf(doc) === '3.0') return 'pydantic-v1';
  let nullBranches = false;
  walkObjects(doc.components ?? {}, (node) => {
    if (!nullBranches && Array.isArray(node.anyOf)) nullBranches = node.anyOf.some(isNullSchema);
  });
  return nullBranches ? 'pydantic-v2' : null;
}
