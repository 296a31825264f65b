import { cloneJson, type JsonObject, type OpenApiDocument, type SchemaObject } from '../document/index.js';
import {
  applyOverlays,
  errorEnvelopeOf,
  extensionSchemasOf,
  type ErrorEnvelope,
  type NamedOverlay,
} from '../overlay/index.js';
import { reachableSchemas, renameSchemas, schemasOf } from './components.js';
import { declareErrorEnvelope } from './error-envelope.js';
import { stripMachineDefaults, unifyPathSeparators } from './machine-defaults.js';
import { markOptionalPropertiesNullable, repairInvalidKeywords } from './pydantic.js';
import { classifyRoute } from './routes.js';

export { classifyRoute, CORE_INTERNAL_ROUTES, type RouteOwner } from './routes.js';
export { isMachinePath } from './machine-defaults.js';
export { WEBUI_ERROR_SCHEMA } from './error-envelope.js';

/**
 * FastAPI qualifies a schema name with its module when two models share a class name.
 * Both are titled `ProgressResponse`; give each a name that says what it is.
 */
export const SCHEMA_RENAMES: ReadonlyMap<string, string> = new Map([
  ['modules__api__models__ProgressResponse', 'ProgressResponse'],
  ['modules__progress__ProgressResponse', 'TaskProgressResponse'],
]);

export interface NormalizeOptions {
  /** Hand-written completions applied after the automatic repairs. */
  overlays?: readonly NamedOverlay[];
}

export interface NormalizeReport {
  corePaths: number;
  droppedInternalPaths: string[];
  extensionPaths: Record<string, number>;
  repairedKeywords: number;
  nullablePatched: number;
  removedMachineDefaults: string[];
  /** Relative path defaults whose Windows `\\` separators became `/`. */
  unifiedPathSeparators: string[];
  overlaysApplied: string[];
}

export interface NormalizedSpec {
  /** The core API: `/sdapi/v1/*` and the `/internal/*` routes the SDK uses. */
  core: OpenApiDocument;
  /** One document per extension namespace (`controlnet`, `adetailer`, …). */
  extensions: Record<string, OpenApiDocument>;
  report: NormalizeReport;
}

/**
 * Turns a raw `/openapi.json` capture into documents a client can be generated from.
 * Pure and deterministic: the same input and overlays give the same output.
 */
export function normalizeSpec(raw: OpenApiDocument, options: NormalizeOptions = {}): NormalizedSpec {
  const doc = cloneJson(raw);
  schemasOf(doc);
  const repairedKeywords = repairInvalidKeywords(doc);
  const removedMachineDefaults = stripMachineDefaults(doc);
  const unifiedPathSeparators = unifyPathSeparators(doc);
  const nullablePatched = markOptionalPropertiesNullable(doc);
  renameSchemas(doc, SCHEMA_RENAMES);
  typeOptionsBody(doc);
  const overlaysApplied = applyOverlays(doc, options.overlays ?? []);

  const corePaths: Record<string, JsonObject> = {};
  const extensionPaths: Record<string, Record<string, JsonObject>> = {};
  const droppedInternalPaths: string[] = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    const owner = classifyRoute(path);
    if (owner.kind === 'core') corePaths[path] = item;
    else if (owner.kind === 'internal') droppedInternalPaths.push(path);
    else (extensionPaths[owner.namespace] ??= {})[path] = item;
  }

  const envelope = errorEnvelopeOf(options.overlays ?? []);
  const extensionSchemas = extensionSchemasOf(options.overlays ?? []);
  const core = subDocument(doc, corePaths, 'AUTOMATIC1111 stable-diffusion-webui API', envelope);
  const extensions: Record<string, OpenApiDocument> = {};
  for (const [namespace, paths] of Object.entries(extensionPaths)) {
    extensions[namespace] = subDocument(
      doc,
      paths,
      `webui extension: ${namespace}`,
      envelope,
      extensionSchemas[namespace],
    );
  }
  return {
    core,
    extensions,
    report: {
      corePaths: Object.keys(corePaths).length,
      droppedInternalPaths,
      extensionPaths: Object.fromEntries(Object.entries(extensionPaths).map(([ns, p]) => [ns, Object.keys(p).length])),
      repairedKeywords,
      nullablePatched,
      removedMachineDefaults,
      unifiedPathSeparators,
      overlaysApplied,
    },
  };
}

/** `POST /sdapi/v1/options` takes a bare `object`; it is a partial `Options` (no key is required). */
function typeOptionsBody(doc: OpenApiDocument): void {
  const post = doc.paths['/sdapi/v1/options']?.post as JsonObject | undefined;
  if (post === undefined || schemasOf(doc).Options === undefined) return;
  post.requestBody = {
    required: true,
    content: { 'application/json': { schema: { $ref: '#/components/schemas/Options' } } },
  };
}

/**
 * One split-off document: the given paths, the error envelope, and the schemas they reach.
 * `extra` schemas are kept although no route references them (extension argument models).
 */
function subDocument(
  doc: OpenApiDocument,
  paths: Record<string, JsonObject>,
  title: string,
  envelope: ErrorEnvelope | undefined,
  extra: Record<string, SchemaObject> = {},
): OpenApiDocument {
  const all = { ...schemasOf(doc), ...extra };
  const sub: OpenApiDocument = {
    openapi: doc.openapi,
    info: { title, version: typeof doc.info.version === 'string' ? doc.info.version : '0.0.0' },
    paths: cloneJson(paths),
    components: { schemas: {} },
  };
  declareErrorEnvelope(sub, envelope);
  const keep = reachableSchemas(
    { paths: sub.paths, extra: Object.keys(extra).map((name) => ({ $ref: `#/components/schemas/${name}` })) },
    { ...all, ...schemasOf(sub) },
  );
  const schemas: Record<string, SchemaObject> = {};
  for (const name of keep) schemas[name] = cloneJson(all[name] ?? (schemasOf(sub)[name] as SchemaObject));
  sub.components = { schemas };
  return sub;
}
