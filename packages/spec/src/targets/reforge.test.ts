import { describe, expect, it } from 'vitest';
import { diffSpecs } from '../diff/index.js';
import type { OpenApiDocument } from '../document/index.js';
import { normalizeSpec } from '../normalize/index.js';
import { readJson, readNormalized, repoOverlays, repoPath } from '../testing/fixtures.js';

// reForge's document (generated from its API code under pydantic 1, provenance in spec/README.md),
// normalized like a target, against the committed 1.10 target: why reForge needs no target of its own.
describe('reForge through the a1111-1.10 target', async () => {
  const raw = await readJson<OpenApiDocument>(repoPath('spec', 'captures', 'reforge-3b56b26.control.openapi.json'));
  const { core } = normalizeSpec(raw, { overlays: await repoOverlays() });
  const changes = diffSpecs(await readNormalized('a1111-1.10'), core).changes;
  /** Options and Flags hold what the capturing install registered (extensions, Windows paths). */
  const settings = /^(GET|POST) \/sdapi\/v1\/(options|cmd-flags) (response|body)\./;

  it('is OpenAPI 3.0 from pydantic v1, like A1111', () => {
    expect(raw.openapi).toBe('3.0.2');
  });

  it('differs from 1.10 in one request field, hr_cfg, outside the install-dependent settings', () => {
    const api = changes.filter((change) => !settings.test(`${change.operation} ${change.location}`));
    expect(api.map((change) => `${change.kind} ${change.operation} ${change.location}: ${change.message}`)).toEqual([
      'feature POST /sdapi/v1/txt2img body.hr_cfg: request field "hr_cfg" added (number | null)',
    ]);
  });
});
