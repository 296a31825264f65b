import { dialectOf, toDialect31, type SchemaDialect } from '../dialect/index.js';
import { cloneJson, type JsonObject, type OpenApiDocument } from '../document/index.js';
import { applyOverlays, errorEnvelopeOf, extensionSchemasOf, type NamedOverlay } from '../overlay/index.js';
import { hoistDefinitions, renameSchemas, schemasOf } from './components.js';
import { stripMachineDefaults, unifyPathSeparators } from './machine-defaults.js';
import { markOptionalPropertiesNullable, repairInvalidKeywords } from './pydantic.js';
import { assertSelfContained } from '../self-contained/index.js';
import { assertWebuiApi, classifyRoute, countByPrefix, type DroppedPrefix } from './routes.js';
import { DocumentSplitter } from './split.js';

export {
  classifyRoute,
  CORE_INTERNAL_ROUTES,
  formatDroppedPaths,
  type DroppedPrefix,
  type RouteOwner,
  type RouteSummary,
} from './routes.js';
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
  /** The document's `openapi` version (`3.0.2`, `3.1.0`); the output keeps it and its dialect. */
  openapi: string;
  corePaths: number;
  /** Gradio and webui UI routes, dropped. */
  droppedInternalPaths: string[];
  /**
   * Every dropped path (UI routes and other API versions such as SD.Next's `/sdapi/v2`),
   * counted per prefix, most first: what `spec gen` and `spec pull` report.
   */
  droppedPaths: DroppedPrefix[];
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
  assertSelfContained(raw, 'the OpenAPI document');
  assertWebuiApi(raw);
  const dialect = dialectOf(raw);
  const doc = cloneJson(raw);
  schemasOf(doc);
  // The repairs make pydantic v1's output valid OpenAPI 3.0 and say what it leaves unsaid
  // (nullable optional fields); a 3.1 document from pydantic v2 is valid and says it itself.
  const repairedKeywords = dialect === '3.0' ? repairInvalidKeywords(doc) : 0;
  const removedMachineDefaults = stripMachineDefaults(doc);
  const unifiedPathSeparators = unifyPathSeparators(doc);
  const nullablePatched = dialect === '3.0' ? markOptionalPropertiesNullable(doc) : 0;
  if (dialect === '3.1') hoistDefinitions(doc);
  renameSchemas(doc, SCHEMA_RENAMES);
  typeOptionsBody(doc);
  const overlaysApplied = applyOverlays(doc, options.overlays ?? []);

  // Maps, not objects: path segments are server text (`/constructor/run` must not reach Object).
  const corePaths = new Map<string, JsonObject>();
  const extensionPaths = new Map<string, Map<string, JsonObject>>();
  const droppedInternalPaths: string[] = [];
  const dropped: string[] = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    const owner = classifyRoute(path);
    if (owner.kind === 'core') corePaths.set(path, item);
    else if (owner.kind === 'extension') {
      const paths = extensionPaths.get(owner.namespace) ?? new Map<string, JsonObject>();
      extensionPaths.set(owner.namespace, paths.set(path, item));
    } else {
      if (owner.kind === 'internal') droppedInternalPaths.push(path);
      dropped.push(path);
    }
  }

  const envelope = inDialect(errorEnvelopeOf(options.overlays ?? []), dialect);
  const extensionSchemas = new Map(Object.entries(inDialect(extensionSchemasOf(options.overlays ?? []), dialect)));
  const splitter = new DocumentSplitter(doc, { ...schemasOf(doc) }, envelope);
  const core = splitter.document(corePaths, 'AUTOMATIC1111 stable-diffusion-webui API');
  const extensions: Record<string, OpenApiDocument> = Object.create(null);
  for (const [namespace, paths] of extensionPaths) {
    extensions[namespace] = splitter.document(paths, `webui extension: ${namespace}`, extensionSchemas.get(namespace));
  }
  return {
    core,
    extensions,
    report: {
      openapi: doc.openapi,
      corePaths: corePaths.size,
      droppedInternalPaths,
      droppedPaths: countByPrefix(dropped),
      extensionPaths: Object.fromEntries([...extensionPaths].map(([ns, paths]) => [ns, paths.size])),
      repairedKeywords,
      nullablePatched,
      removedMachineDefaults,
      unifiedPathSeparators,
      overlaysApplied,
    },
  };
}

/** Hand-written overlay shapes (OpenAPI 3.0) in the document's dialect. */
function inDialect<T extends object | undefined>(value: T, dialect: SchemaDialect): T {
  return value === undefined || dialect === '3.0' ? value : (toDialect31(value as never) as T);
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
