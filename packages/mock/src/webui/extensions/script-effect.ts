import type { PyJson } from '../python/index.js';

/** What an always-on extension script adds to one generation. */
export interface ScriptEffect {
  /** `extra_generation_params` entries, in the order the script writes them. */
  infotext: Record<string, PyJson>;
  /** Images appended after the generated ones (ControlNet's detected maps), PNG bytes without a `parameters` chunk. */
  images(): Promise<Uint8Array[]>;
}
