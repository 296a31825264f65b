/**
 * OpenAPI 3.0 schemas are almost JSON Schema draft-07; these are the differences that matter
 * for the webui's documents, converted so ajv can validate with OpenAPI's meaning:
 * - `nullable: true` → `type: [T, "null"]`, or `anyOf: [{type: "null"}, …]` without a `type`;
 * - boolean `exclusiveMinimum`/`exclusiveMaximum` (draft-04 style) → the numeric form;
 * - `$ref`s to `#/components/schemas/X` → `<id>#/components/schemas/X` is left to the caller.
 */
export type Schema = { [key: string]: unknown };

function isObject(value: unknown): value is Schema {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** An OpenAPI 3.0 schema (or any value inside one) as the draft-07 JSON Schema ajv validates with OpenAPI's meaning (see above). */
export function toJsonSchema(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(toJsonSchema);
  if (!isObject(value)) return value;
  const out: Schema = {};
  for (const [key, child] of Object.entries(value)) {
    // `properties` and `definitions`-like maps hold schemas under arbitrary names: convert values only.
    out[key] =
      key === 'properties' && isObject(child)
        ? Object.fromEntries(Object.entries(child).map(([name, schema]) => [name, toJsonSchema(schema)]))
        : toJsonSchema(child);
  }
  for (const [exclusive, bound] of [
    ['exclusiveMinimum', 'minimum'],
    ['exclusiveMaximum', 'maximum'],
  ] as const) {
    if (out[exclusive] === true && typeof out[bound] === 'number') {
      out[exclusive] = out[bound];
      delete out[bound];
    } else if (out[exclusive] === false) delete out[exclusive];
  }
  if (out.nullable === true) {
    delete out.nullable;
    if (typeof out.type === 'string') {
      out.type = [out.type, 'null'];
      if (Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...out.enum, null];
    } else {
      return { anyOf: [{ type: 'null' }, out] };
    }
  } else if (out.nullable === false) delete out.nullable;
  return out;
}
