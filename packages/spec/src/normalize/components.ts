import {
  isJsonObject,
  own,
  schemaNameFromRef,
  setOwn,
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
 * The references between schemas, each schema read once (memoized by object): what the split
 * documents reach is found on this name graph, and what they would copy is known, in bytes,
 * before anything is copied.
 */
export class SchemaGraph {
  private readonly known = new WeakMap<SchemaObject, { refs: string[]; bytes: number }>();

  private describe(schema: SchemaObject): { refs: string[]; bytes: number } {
    let info = this.known.get(schema);
    if (info === undefined) {
      info = { refs: referencedNames(schema), bytes: JSON.stringify(schema).length };
      this.known.set(schema, info);
    }
    return info;
  }

  /** Size of a schema as JSON text. */
  bytes(schema: SchemaObject): number {
    return this.describe(schema).bytes;
  }

  /** Names of the schemas reachable from the references in `roots`, following references transitively. */
  reachable(roots: Json, schemaNamed: (name: string) => SchemaObject | undefined): Set<string> {
    const seen = new Set<string>();
    const pending = referencedNames(roots);
    for (let name = pending.pop(); name !== undefined; name = pending.pop()) {
      const schema = seen.has(name) ? undefined : schemaNamed(name);
      if (schema === undefined) continue;
      seen.add(name);
      pending.push(...this.describe(schema).refs);
    }
    return seen;
  }
}

/** The component schema names `value` references, each once. */
function referencedNames(value: Json): string[] {
  const names = new Set<string>();
  walkObjects(value, (node) => {
    const name = typeof node.$ref === 'string' ? schemaNameFromRef(node.$ref) : undefined;
    if (name !== undefined) names.add(name);
  });
  return [...names];
}

/** Renames component schemas and rewrites every `$ref` in the document to match. */
export function renameSchemas(doc: OpenApiDocument, renames: ReadonlyMap<string, string>): void {
  const schemas = schemasOf(doc);
  for (const [from, to] of renames) {
    const schema = own(schemas, from);
    if (schema === undefined) continue;
    if (own(schemas, to) !== undefined) throw new Error(`cannot rename schema ${from}: ${to} already exists`);
    delete schemas[from];
    schemas[to] = schema;
  }
  walkObjects(doc, (node) => {
    if (typeof node.$ref !== 'string') return;
    const name = schemaNameFromRef(node.$ref);
    const renamed = name === undefined ? undefined : renames.get(name);
    // A reference into the schema (`…/Name/$defs/Inner`) keeps its tail.
    if (renamed !== undefined)
      node.$ref = `#/components/schemas/${renamed}${node.$ref.slice(`#/components/schemas/${name}`.length)}`;
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

const pointerPart = (name: string) => name.replaceAll('~', '~0').replaceAll('/', '~1');

/**
 * Moves `$defs` of component schemas (JSON Schema 2020-12, OpenAPI 3.1) into
 * `components.schemas` and points their references there: openapi-typescript would otherwise
 * emit `$defs` as a member of the type, required in every value. A definition keeps its name
 * unless a schema has it (then `Outer_Inner`). FastAPI hoists them itself; this is for
 * documents that do not. Returns how many were moved.
 */
export function hoistDefinitions(doc: OpenApiDocument): number {
  const schemas = schemasOf(doc);
  const moved = new Map<string, string>();
  const pending = Object.keys(schemas);
  for (let outer = pending.shift(); outer !== undefined; outer = pending.shift()) {
    const schema = own(schemas, outer);
    if (!isJsonObject(schema) || !isJsonObject(schema.$defs)) continue;
    for (const [inner, definition] of Object.entries(schema.$defs)) {
      if (!isJsonObject(definition)) continue;
      let name = own(schemas, inner) === undefined ? inner : `${outer}_${inner}`;
      for (let n = 2; own(schemas, name) !== undefined; n++) name = `${outer}_${inner}_${n}`;
      setOwn(schemas, name, definition);
      pending.push(name);
      const from = `#/components/schemas/${pointerPart(outer)}/$defs/${pointerPart(inner)}`;
      moved.set(from, `#/components/schemas/${pointerPart(name)}`);
    }
    delete schema.$defs;
  }
  if (moved.size === 0) return 0;
  walkObjects(doc, (node) => {
    if (typeof node.$ref !== 'string') return;
    // A definition inside a definition moves twice: follow the chain (at most one step per move).
    for (let step = 0; step <= moved.size; step++) {
      const ref: string = node.$ref;
      const from = [...moved.keys()].find((prefix) => ref === prefix || ref.startsWith(`${prefix}/`));
      if (from === undefined) break;
      node.$ref = `${moved.get(from)}${ref.slice(from.length)}`;
    }
  });
  return moved.size;
}
