import type { NameKind } from '../core/errors.js';
import type { ServerFeatures } from '../raw-client/features.js';
import type { ScriptChecks } from '../scripts/index.js';
import type { SdkCallContext } from '../operations/index.js';

/** What every resource module works from: the request loop's context plus what the client learned. */
export interface ClientContext extends SdkCallContext {
  /** The server's features: from the explicit `target`, else detected once on first need. */
  features: FeatureSource;
  /** Checks names against the server's lists before they are sent (unless disabled). */
  names: NameChecks;
  /** Checks `script_name` and `alwayson_scripts` keys and arguments against the server (unless disabled). */
  scripts: ScriptChecks;
}

export interface FeatureSource {
  get(): Promise<ServerFeatures>;
  set(features: ServerFeatures): void;
}

export type { NameKind } from '../core/errors.js';

export interface NameChecks {
  /** Throws `NotFoundError` (kind `unknown-name`) when the server does not list `name`. */
  check(kind: NameKind, name: string): Promise<void>;
  /** Checks every name a generation request or a settings change sends (see `names/request.ts`). */
  checkAll(what: 'request' | 'settings', body: Record<string, unknown>): Promise<void>;
  readonly enabled: boolean;
}
