export * from './document/index.js';
export { writeFilesAtomically } from '@sdwebui/internal/atomic-write';
export { pullSpec, basicAuthHeader, SpecPullError, type PullOptions, type PullResult, type SpecMeta, type SpecPullErrorCode } from './pull/index.js';
export {
  normalizeSpec,
  classifyRoute,
  isMachinePath,
  SCHEMA_RENAMES,
  WEBUI_ERROR_SCHEMA,
  CORE_INTERNAL_ROUTES,
  type NormalizeOptions,
  type NormalizeReport,
  type NormalizedSpec,
  type RouteOwner,
} from './normalize/index.js';
export {
  applyOverlays,
  loadOverlays,
  extensionSchemasOf,
  errorEnvelopeOf,
  OverlayError,
  type Overlay,
  type NamedOverlay,
  type ErrorEnvelope,
} from './overlay/index.js';
export { generateTypes, generatedHeader } from './codegen/index.js';
export { diffSpecs, formatSpecDiff, type SpecDiff, type SpecChange, type ChangeKind, type SemverBump } from './diff/index.js';
export {
  runPipeline,
  listTargets,
  rawSpecPath,
  SHIPPED_EXTENSIONS,
  readSpecFile,
  writePipelineOutputs,
  stalePipelineOutputs,
  type PipelineOptions,
  type PipelineResult,
} from './targets/index.js';
export { specUpdateChangeset, type ChangesetOptions } from './changeset/index.js';
export {
  parseScriptsList,
  parseScriptInfo,
  parseScriptsCapture,
  ScriptsShapeError,
  SCRIPT_LIMITS,
  type ScriptsCapture,
  type ScriptInfo,
  type ScriptArgInfo,
} from './scripts/index.js';
export { generateScriptTypes } from './script-codegen/index.js';
export { generateIndex, type GeneratedTarget } from './generated-index/index.js';
