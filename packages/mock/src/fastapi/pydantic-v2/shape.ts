import type { Schema, SchemaRefs } from '../pydantic/schema.js';
import { copyPyJson, PyFloat, type PyJson } from '../../webui/python/index.js';

type Bound = ['gt' | 'ge' | 'lt' | 'le', number];

/**
 * What a JSON Schema 2020-12 / OpenAPI 3.1 schema says a pydantic v2 field is, worked out once per
 * schema object: its kind, whether `None` is allowed (`Optional`, `Any`), its numeric bounds, and
 * the tag pydantic names a union member by.
 */
export type Shape = { nullable: boolean; tag: string; bounds?: Bound[] } & (
  | { kind: 'any' | 'null' | 'integer' | 'number' | 'boolean' | 'string' }
  | { kind: 'literal'; values: readonly PyJson[] }
  | { kind: 'array'; items: Shape; prefix: readonly Shape[] }
  | { kind: 'dict'; values?: Shape }
  | { kind: 'model'; title: string; schema: Schema }
  | { kind: 'union'; options: readonly Shape[] }
);

/** One field of a model: its shape, whether it is required, and what it holds when not sent. */
export interface Field {
  name: string;
  shape: Shape;
  required: boolean;
  /** The declared default, not validated (pydantic v2 does not); lists and dicts fresh per request. */
  fallback: () => PyJson;
}

const TAGS: Record<string, string> = { integer: 'int', number: 'float', string: 'str', boolean: 'bool', null: 'none' };
const isNull = (schema: Schema) => schema.type === 'null' || (Object.hasOwn(schema, 'const') && schema.const === null);

const shapes = new WeakMap<Schema, Shape>();
const fields = new WeakMap<Schema, Field[]>();

/** The shape of `schema` (cached per schema object). */
export function shapeOf(schema: Schema, refs: SchemaRefs): Shape {
  let shape = shapes.get(schema);
  if (shape === undefined) {
    const resolved = refs.resolve(schema);
    shape = compile(resolved, refs);
    // An OpenAPI 3.0 document says `nullable: true` instead.
    if (resolved.nullable === true || schema.nullable === true) shape = { ...shape, nullable: true };
    shapes.set(schema, shape);
  }
  return shape;
}

function compile(schema: Schema, refs: SchemaRefs): Shape {
  const branches = (schema.anyOf ?? schema.oneOf) as Schema[] | undefined;
  if (Array.isArray(branches))
    return nullableOf(
      branches.map((branch) => refs.resolve(branch)),
      refs,
    );
  if (Array.isArray(schema.type)) {
    return nullableOf(
      (schema.type as string[]).map((type) => ({ ...schema, type })),
      refs,
    );
  }
  const declared = Array.isArray(schema.enum)
    ? (schema.enum as PyJson[])
    : Object.hasOwn(schema, 'const')
      ? [schema.const as PyJson]
      : undefined;
  // A document parsed as Python reads it holds `1.0` as a PyFloat; a choice compares by value.
  const values = declared?.map((value) => (value instanceof PyFloat ? value.value : value));
  if (values !== undefined) {
    const choices = values.filter((value) => value !== null);
    return {
      kind: 'literal',
      values: choices,
      nullable: choices.length < values.length,
      tag: `literal[${choices.join(',')}]`,
    };
  }
  const bounds = boundsOf(schema);
  switch (schema.type) {
    case 'integer':
    case 'number':
      return {
        kind: schema.type,
        nullable: false,
        tag: TAGS[schema.type] as string,
        ...(bounds.length ? { bounds } : {}),
      };
    case 'string':
    case 'boolean':
    case 'null':
      return { kind: schema.type, nullable: schema.type === 'null', tag: TAGS[schema.type] as string };
    case 'array': {
      const items = shapeOf((schema.items ?? {}) as Schema, refs);
      const prefix = ((schema.prefixItems ?? []) as Schema[]).map((item) => shapeOf(item, refs));
      return { kind: 'array', items, prefix, nullable: false, tag: `list[${items.tag}]` };
    }
    case 'object': {
      if (schema.properties !== undefined)
        return {
          kind: 'model',
          title: String(schema.title ?? ''),
          schema,
          nullable: false,
          tag: String(schema.title ?? ''),
        };
      const extra = schema.additionalProperties;
      const values = extra !== null && typeof extra === 'object' ? shapeOf(extra as Schema, refs) : undefined;
      return { kind: 'dict', nullable: false, tag: 'dict[str,any]', ...(values ? { values } : {}) };
    }
  }
  if (schema.properties !== undefined) return compile({ ...schema, type: 'object' }, refs);
  return { kind: 'any', nullable: true, tag: 'any' };
}

/** `anyOf`/`oneOf`/`type` arrays: a `null` member makes the rest `Optional`; several others are a union. */
function nullableOf(members: Schema[], refs: SchemaRefs): Shape {
  const rest = members.filter((member) => !isNull(member));
  const nullable = rest.length < members.length;
  if (rest.length === 0) return { kind: 'null', nullable: true, tag: 'none' };
  if (rest.length === 1)
    return { ...shapeOf(rest[0] as Schema, refs), nullable: nullable || shapeOf(rest[0] as Schema, refs).nullable };
  const options = rest.map((member) => shapeOf(member, refs));
  return { kind: 'union', options, nullable, tag: options.map((option) => option.tag).join('|') };
}

/** `minimum`/`maximum` and their exclusive forms (3.1 numbers, or 3.0's booleans), in pydantic's check order. */
function boundsOf(schema: Schema): Bound[] {
  const bounds: Bound[] = [];
  const number = (value: unknown) =>
    typeof value === 'number' ? value : value instanceof PyFloat ? value.value : undefined;
  const gt = number(schema.exclusiveMinimum) ?? (schema.exclusiveMinimum === true ? number(schema.minimum) : undefined);
  const lt = number(schema.exclusiveMaximum) ?? (schema.exclusiveMaximum === true ? number(schema.maximum) : undefined);
  if (gt !== undefined) bounds.push(['gt', gt]);
  else if (number(schema.minimum) !== undefined) bounds.push(['ge', number(schema.minimum) as number]);
  if (lt !== undefined) bounds.push(['lt', lt]);
  else if (number(schema.maximum) !== undefined) bounds.push(['le', number(schema.maximum) as number]);
  return bounds;
}

/** A model's fields in declaration order (cached per model schema). */
export function fieldsOf(shape: Extract<Shape, { kind: 'model' }>, refs: SchemaRefs): Field[] {
  let list = fields.get(shape.schema);
  if (list !== undefined) return list;
  const required = new Set((shape.schema.required ?? []) as string[]);
  list = Object.entries(shape.schema.properties as Record<string, Schema>).map(([name, property]) => {
    const declared = (property.default ?? refs.resolve(property).default ?? null) as PyJson;
    const fresh = declared !== null && typeof declared === 'object' && !(declared instanceof PyFloat);
    return {
      name,
      shape: shapeOf(property, refs),
      required: required.has(name),
      fallback: fresh ? () => copyPyJson(declared) : () => declared,
    };
  });
  fields.set(shape.schema, list);
  return list;
}
