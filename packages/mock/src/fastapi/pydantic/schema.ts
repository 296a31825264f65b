import { PyFloat, type PyJson } from '../../webui/python/index.js';

/** A JSON Schema object of an OpenAPI document (3.0 or 3.1), as parsed. */
export type Schema = { [key: string]: unknown };

/**
 * `$ref`s of a document followed to their schema (`#/components/schemas/X`, 3.1's `#/$defs/X`),
 * and one-item `allOf` wrappers unwrapped; each schema object is resolved once.
 */
export class SchemaRefs {
  private readonly resolved = new WeakMap<Schema, Schema>();

  constructor(private readonly schemas: Record<string, Schema>) {}

  resolve(schema: Schema): Schema {
    let current = this.resolved.get(schema);
    if (current !== undefined) return current;
    current = schema;
    for (let hops = 0; hops < 16; hops++) {
      if (typeof current.$ref === 'string') current = this.schemas[current.$ref.split('/').pop() as string] ?? {};
      else if (Array.isArray(current.allOf) && current.allOf.length === 1) current = current.allOf[0] as Schema;
      else break;
    }
    this.resolved.set(schema, current);
    return current;
  }
}

/** A JSON object (Python dict), not a list, float, bytes or null. */
export function isPlainDict(value: unknown): value is Record<string, PyJson> {
  return (
    value !== null &&
    typeof value === 'object' &&
    !Array.isArray(value) &&
    !(value instanceof PyFloat) &&
    !(value instanceof Uint8Array)
  );
}
