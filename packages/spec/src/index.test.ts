import { describe, expect, it } from 'vitest';
import * as spec from './index.js';

describe('@sdwebui/spec public entry', () => {
  it('exports the pipeline by name, and none of the internal document helpers', () => {
    expect(Object.keys(spec).sort()).toEqual([
      'CORE_INTERNAL_ROUTES',
      'OverlayError',
      'SCHEMA_RENAMES',
      'SHIPPED_OVERLAYS_DIR',
      'SpecDocumentError',
      'SpecPullError',
      'TargetDeclarationError',
      'WEBUI_ERROR_SCHEMA',
      'applyOverlays',
      'basicAuthHeader',
      'classifyRoute',
      'diffSpecs',
      'formatDroppedPaths',
      'formatSpecDiff',
      'generateTypes',
      'generatedHeader',
      'isMachinePath',
      'listTargets',
      'loadOverlays',
      'normalizeSpec',
      'pullSpec',
      'readSpecFile',
      'readTargetDeclaration',
      'runPipeline',
      'specUpdateChangeset',
      'stalePipelineOutputs',
      'writeFilesAtomically',
      'writePipelineOutputs',
    ]);
  });
});
