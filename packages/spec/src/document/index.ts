/**
 * Minimal structural types for the parts of an OpenAPI 3.0 or 3.1 document this package touches.
 * The webui's documents are FastAPI output: JSON objects all the way down, so a loose
 * `JsonObject` is enough and keeps the pipeline free of a heavyweight OpenAPI model.
 */
export type Json = null | boolean | number | string | Json[] | JsonObject;
export interface JsonObject {
  [key: string]: Json;
}

export type SchemaObject = JsonObject;

export interface OpenApiDocument extends JsonObject {
  openapi: string;
  info: JsonObject;
  paths: Record<string, JsonObject>;
  components: JsonObject & { schemas?: Record<string, SchemaObject> };
}

/**
 * A document the pipeline refuses: one that points outside itself (`external-ref`), nests
 * deeper than any webui document (`too-deep`), would be copied many times over into the split
 * documents (`too-large`), or has no `/sdapi/v1` operation (`no-webui-api`).
 * The message says what was found; server text in it is made printable.
 */
export class SpecDocumentError extends Error {
  override name = 'SpecDocumentError';
  constructor(
    readonly code: 'external-ref' | 'too-deep' | 'too-large' | 'no-webui-api',
    message: string,
  ) {
    super(message);
  }
}

/** HTTP methods an OpenAPI path item can hold, in the order FastAPI emits them. */
export const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** True when `value` looks like an OpenAPI 3.x document (the only thing `spec pull` accepts). */
export function isOpenApi3(value: unknown): value is OpenApiDocument {
  return (
    isJsonObject(value) &&
    typeof value.openapi === 'string' &&
    /^3\.\d+(\.\d+)?$/.test(value.openapi) &&
    isJsonObject(value.paths)
  );
}

/**
 * `record[key]` when `key` is the record's own: a name from a server (`constructor`,
 * `__proto__`, `toString`) never reaches `Object.prototype` through a lookup.
 */
export function own<T>(record: Readonly<Record<string, T>> | undefined, key: string): T | undefined {
  return record !== undefined && Object.hasOwn(record, key) ? record[key] : undefined;
}

/** `record[key] = value` as an own property, also for `__proto__` (which would set the prototype). */
export function setOwn<T>(record: Record<string, T>, key: string, value: T): void {
  Object.defineProperty(record, key, { value, enumerable: true, writable: true, configurable: true });
}

/** Deep copy of plain JSON data. */
export function cloneJson<T extends Json>(value: T): T {
  return structuredClone(value);
}

/**
 * JSON with object keys sorted at every level and a trailing newline, so that two
 * normalizations of the same input are byte-identical and spec diffs stay reviewable.
 * Array order is meaningful in OpenAPI (`required`, `enum`, parameters) and is kept, and so is
 * the order of a schema's `properties`: it is the pydantic model's field order, which decides
 * the order of echoed `parameters` and of validation errors.
 */
export function stableStringify(value: Json): string {
  return `${JSON.stringify(sortKeys(value, false), null, 2)}\n`;
}

function sortKeys(value: Json, keepOrder: boolean): Json {
  if (Array.isArray(value)) return value.map((item) => sortKeys(item, false));
  if (!isJsonObject(value)) return value;
  const sorted: JsonObject = {};
  const keys = keepOrder ? Object.keys(value) : Object.keys(value).sort();
  for (const key of keys) sorted[key] = sortKeys(value[key] as Json, key === 'properties' && !keepOrder);
  return sorted;
}

/**
 * `#/components/schemas/Name` → `Name`; undefined for any other reference. A reference into a
 * schema (`#/components/schemas/Name/$defs/Inner`, OpenAPI 3.1) names the schema that holds it.
 */
export function schemaNameFromRef(ref: string): string | undefined {
  const prefix = '#/components/schemas/';
  if (!ref.startsWith(prefix)) return undefined;
  const name = ref.slice(prefix.length).split('/')[0] as string;
  return name === '' ? undefined : name.replaceAll('~1', '/').replaceAll('~0', '~');
}

/** Calls `visit` on every object node of `value`, depth first, parents before children. */
export function walkObjects(value: Json, visit: (node: JsonObject) => void): void {
  if (Array.isArray(value)) {
    for (const item of value) walkObjects(item, visit);
  } else if (isJsonObject(value)) {
    visit(value);
    for (const child of Object.values(value)) walkObjects(child, visit);
  }
}

/** Every (path, method, operation) triple of a document, in document order. */
export function* operations(
  doc: OpenApiDocument,
): Generator<{ path: string; method: HttpMethod; operation: JsonObject }> {
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const method of HTTP_METHODS) {
      const operation = item[method];
      if (isJsonObject(operation)) yield { path, method, operation };
    }
  }
}
