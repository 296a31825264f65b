// The document helpers stay internal: only the types that appear in public signatures are exported.
export type { Json, JsonObject, OpenApiDocument, SchemaObject } from './document/index.js';
export { writeFilesAtomically } from '@sdwebui/internal/atomic-write';
export {
  pullSpec,
  basicAuthHeader,
  SpecPullError,
  type PullOptions,
  type PullResult,
  type SpecMeta,
  type SpecPullErrorCode,
} from './pull/index.js';
export {
  normalizeSpec,
  classifyRoute,
  isMachinePath,
  SCHEMA_RENAMES,
  WEBUI_ERROR_SCHEMA,
  CORE_INTERNAL_ROUTES,
  formatDroppedPaths,
  type DroppedPrefix,
  type RouteSummary,
  type NormalizeOptions,
  type NormalizeReport,
  type NormalizedSpec,
  type RouteOwner,
} from './normalize/index.js';
export {
  applyOverlays,
  loadOverlays,
  OverlayError,
  type Overlay,
  type NamedOverlay,
  type ErrorEnvelope,
} from './overlay/index.js';
export { generateTypes, generatedHeader } from './codegen/index.js';
export { SpecDocumentError } from './document/index.js';
export {
  diffSpecs,
  formatSpecDiff,
  type SpecDiff,
  type SpecChange,
  type ChangeKind,
  type SemverBump,
} from './diff/index.js';
export { readTargetDeclaration, TargetDeclarationError, type TargetDeclaration } from './targets/declaration.js';
export { SHIPPED_OVERLAYS_DIR } from './shipped-overlays/index.js';
export {
  runPipeline,
  listTargets,
  readSpecFile,
  writePipelineOutputs,
  stalePipelineOutputs,
  type PipelineOptions,
  type PipelineResult,
} from './targets/index.js';
export { specUpdateChangeset, type ChangesetOptions } from './changeset/index.js';
// Types of the scripts capture that `pullSpec`'s result carries; the parsers and generators stay internal.
export type { ScriptsCapture, ScriptInfo, ScriptArgInfo } from './scripts/index.js';
