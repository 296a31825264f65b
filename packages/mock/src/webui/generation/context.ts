import type { Catalogue } from '../catalogue/index.js';
import type { ExtensionHost } from '../extensions/host/index.js';
import type { FifoLock } from '../jobs/fifo-lock.js';
import type { SharedState, TaskRegistry } from '../jobs/state.js';
import type { OptionsStore } from '../options/index.js';
import type { Profile } from '../profiles/index.js';

/** Everything the emulated webui keeps between requests: one per mock server. */
export interface WebuiContext {
  profile: Profile;
  /** The profile's normalized OpenAPI document. */
  spec: {
    paths: Record<string, Record<string, unknown>>;
    components?: { schemas?: Record<string, { properties?: Record<string, unknown> }> };
  };
  /**
   * `/cmd-flags`' fields and their defaults, from the document the server answers by: a fork's own
   * (Forge's install paths are strings there) or the normalized one (machine paths removed, null).
   */
  flagsSchema: Record<string, { default?: unknown }>;
  options: OptionsStore;
  catalogue: Catalogue;
  state: SharedState;
  registry: TaskRegistry;
  lock: FifoLock;
  /** Installed extensions (`--extensions`) and the console their swallowed errors go to. */
  extensions: ExtensionHost;
  /** Simulated time per sampling step, in milliseconds. */
  stepMs: number;
  /** The clock jobs are timed with, in milliseconds (replaced in tests). */
  now(): number;
  /**
   * The release `/openapi.json` belongs to (`/internal/sysinfo` `Version`): the profile's, or
   * the `--spec` file's (null when unknown).
   */
  specVersion: string | null;
  /** `--api-auth` as given (`cmd_opts.api_auth`), null without it. */
  apiAuth: string | null;
}
