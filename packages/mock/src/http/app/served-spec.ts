/**
 * What `/openapi.json` serves. FastAPI documents every route of the app, and the extensions register
 * theirs on it (`on_app_started`), so a webui with ControlNet or ADetailer lists `/controlnet/*` and
 * `/adetailer/*` beside `/sdapi/v1/*`: a spec pulled from it types them. A `spec` the caller gives is
 * served as it is, once it is known to be an OpenAPI document.
 */
import type { WebuiContext } from '../../webui/generation/context.js';

type Spec = WebuiContext['spec'];
/** What is merged from an extension's document: its routes and its schemas. */
export type ExtensionDocument = { paths?: Record<string, unknown>; components?: { schemas?: Record<string, unknown> } };

/** A `spec` option (`--spec FILE`) that is not an OpenAPI 3.x document. */
export class SpecOptionError extends Error {
  override name = 'SpecOptionError';
}

/**
 * Refuses bytes that are not an OpenAPI 3.x document (JSON with an `openapi: "3.…"` string and a
 * `paths` object): the mock must not serve `/etc/passwd` as a webui's API, which clients would pull.
 */
export function checkSpecOption(bytes: Uint8Array): void {
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder().decode(bytes));
  } catch (error) {
    throw new SpecOptionError(`the spec is not JSON (${(error as Error).message.slice(0, 120)})`);
  }
  const doc = value as { openapi?: unknown; paths?: unknown } | null;
  const isObject = (item: unknown) => item !== null && typeof item === 'object' && !Array.isArray(item);
  if (
    !isObject(doc) ||
    typeof doc?.openapi !== 'string' ||
    !/^3\.\d+(\.\d+)?$/.test(doc.openapi) ||
    !isObject(doc.paths)
  )
    throw new SpecOptionError('the spec is not an OpenAPI 3.x document (no "openapi": "3.x" and "paths" object)');
}

/**
 * The core spec with the installed extensions' routes and schemas added, as FastAPI lists them;
 * a schema both define is the core's (the shared error bodies are the same in both).
 */
export function withExtensionDocuments(spec: Spec, documents: readonly ExtensionDocument[]): Spec {
  if (documents.length === 0) return spec;
  const core = spec as Spec & ExtensionDocument;
  const paths = { ...core.paths };
  const schemas: Record<string, unknown> = {};
  for (const doc of documents) {
    Object.assign(paths, doc.paths);
    Object.assign(schemas, doc.components?.schemas);
  }
  return {
    ...spec,
    paths,
    components: { ...core.components, schemas: { ...schemas, ...core.components?.schemas } },
  } as Spec;
}
