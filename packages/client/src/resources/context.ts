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

/** The kinds of names the SDK sends and checks. */
export type NameKind = 'model' | 'vae' | 'sampler' | 'scheduler' | 'upscaler' | 'hires-upscaler';

export interface NameChecks {
  /** Throws `NotFoundError` (kind `unknown-name`) when the server does not list `name`. */
  check(kind: NameKind, name: string): Promise<void>;
  readonly enabled: boolean;
}
