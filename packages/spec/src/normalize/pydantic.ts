import { isJsonObject, walkObjects, type JsonObject, type OpenApiDocument } from '../document/index.js';
import { objectSchemas, schemasOf } from './components.js';

/**
 * Repairs what FastAPI + pydantic v1 emit that is not valid OpenAPI 3.0:
 * - `exclusiveMinimum: 0` (a JSON Schema 2019 number, from `gt=0`) becomes
 *   `minimum: 0, exclusiveMinimum: true`; the same for `exclusiveMaximum`;
 * - `type: "null"` (a property whose default is None and has no annotation) loses its `type`,
 *   which leaves it as "any value", what pydantic accepts for it.
 * Returns how many nodes were changed.
 */
export function repairInvalidKeywords(doc: OpenApiDocument): number {
  let changed = 0;
  walkObjects(doc.components, (node) => {
    for (const [exclusive, bound] of [
      ['exclusiveMinimum', 'minimum'],
      ['exclusiveMaximum', 'maximum'],
    ] as const) {
      const value = node[exclusive];
      if (typeof value === 'number') {
        node[bound] = value;
        node[exclusive] = true;
        changed++;
      }
    }
    if (node.type === 'null') {
      delete node.type;
      changed++;
    }
  });
  return changed;
}

/**
 * pydantic v1 writes `Optional[X] = None` as a plain `X` with no `nullable`, yet the server
 * sends `null` for such fields (`SDModelItem.config`, `ProgressResponse.current_image`, …) and
 * accepts `null` in requests. Every property that is not `required` therefore gets
 * `nullable: true`; a bare `$ref` is wrapped in `allOf` because OAS 3.0 ignores `$ref` siblings.
 * Properties without a `type` already accept anything and are left alone.
 * Only the captured schemas are patched: overlays are hand-written and say what they mean.
 */
export function markOptionalPropertiesNullable(doc: OpenApiDocument): number {
  let changed = 0;
  const patch = (schema: JsonObject) => {
    const required = new Set(Array.isArray(schema.required) ? schema.required : []);
    const properties = schema.properties as JsonObject;
    for (const [name, property] of Object.entries(properties)) {
      if (required.has(name) || !isJsonObject(property) || property.nullable === true) continue;
      if (typeof property.$ref === 'string') {
        const { $ref, ...rest } = property;
        properties[name] = { ...rest, allOf: [{ $ref }], nullable: true };
        changed++;
      } else if (typeof property.type === 'string') {
        property.nullable = true;
        changed++;
      }
    }
  };
  for (const schema of Object.values(schemasOf(doc))) objectSchemas(schema).forEach(patch);
  return changed;
}
