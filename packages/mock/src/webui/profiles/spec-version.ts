import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { A1111_PROFILE_IDS, getProfile, readProfileDocument, readProfileSpec } from './index.js';

/** What `/openapi.json` of the sdnext profile is reported as: SD.Next at its document's commit. */
export const SDNEXT_LABEL = 'SD.Next 058a7f0';

const dataDir = new URL('../../../data/', import.meta.url);
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

let known: Map<string, string> | undefined;

/**
 * sha256 → webui version, for each profile's raw capture (from its pull meta), its normalized spec and
 * the server's own document it serves (Forge's).
 */
function knownSpecs(): Map<string, string> {
  if (known) return known;
  known = new Map();
  for (const id of A1111_PROFILE_IDS) {
    const profile = getProfile(id);
    const { version } = profile;
    known.set(sha256(readProfileSpec(id)), version);
    const document = readProfileDocument(profile);
    if (document !== undefined) known.set(sha256(document), version);
    try {
      const meta = JSON.parse(readFileSync(new URL(`specs/${id}.meta.json`, dataDir), 'utf8')) as { sha256?: unknown };
      if (typeof meta.sha256 === 'string') known.set(meta.sha256, version);
    } catch {
      // Without the meta only the normalized spec is recognised.
    }
  }
  // SD.Next's own document (the sdnext profile serves it as it is).
  known.set(sha256(new Uint8Array(readFileSync(new URL('specs/sdnext.document.json', dataDir)))), SDNEXT_LABEL);
  return known;
}

/**
 * The webui version an OpenAPI document belongs to, when its bytes are exactly one the mock
 * knows (a profile's raw capture or normalized spec); null otherwise. A spec says nothing
 * about its version itself (`info.version` is always `0.1.0`), so anything else is unknown:
 * a v1.5 capture served with `--spec` must never pass for the profile's release.
 */
export function specVersion(bytes: Uint8Array): string | null {
  return knownSpecs().get(sha256(bytes)) ?? null;
}
