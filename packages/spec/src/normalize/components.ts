import {
  isJsonObject,
  schemaNameFromRef,
  walkObjects,
  type Json,
  type JsonObject,
  type OpenApiDocument,
  type SchemaObject,
} from '../document/index.js';

/** The document's component schemas, created empty when the capture has none. */
export function schemasOf(doc: OpenApiDocument): Record<string, SchemaObject> {
  doc.components ??= {};
  doc.components.schemas ??= {};
  return doc.components.schemas;
}

/**
 * Names of the component schemas reachable from `roots`, following `$ref`s transitively.
 * Used to give every split document (core, each extension) only the schemas it uses.
 */
export function reachableSchemas(roots: Json, schemas: Record<string, SchemaObject>): Set<string> {
  const seen = new Set<string>();
  const pending: Json[] = [roots];
  while (pending.length > 0) {
    walkObjects(pending.pop() as Json, (node) => {
      const name = typeof node.$ref === 'string' ? schemaNameFromRef(node.$ref) : undefined;
      if (name === undefined || seen.has(name) || schemas[name] === undefined) return;
      seen.add(name);
      pending.push(schemas[name]);
    });
  }
  return seen;
}

/** Renames component schemas and rewrites every `$ref` in the document to match. */
export function renameSchemas(doc: OpenApiDocument, renames: ReadonlyMap<string, string>): void {
  const schemas = schemasOf(doc);
  for (const [from, to] of renames) {
    const schema = schemas[from];
    if (schema === undefined) continue;
    if (schemas[to] !== undefined) throw new Error(`cannot rename schema ${from}: ${to} already exists`);
    delete schemas[from];
    schemas[to] = schema;
  }
  walkObjects(doc, (node) => {
    if (typeof node.$ref !== 'string') return;
    const name = schemaNameFromRef(node.$ref);
    const renamed = name === undefined ? undefined : renames.get(name);
    if (renamed !== undefined) node.$ref = `#/components/schemas/${renamed}`;
  });
}

/** Every schema object below `root` that declares `properties`, the root included. */
export function objectSchemas(root: Json): JsonObject[] {
  const found: JsonObject[] = [];
  walkObjects(root, (node) => {
    if (isJsonObject(node.properties)) found.push(node);
  });
  return found;
}
