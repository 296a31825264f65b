import type { FeatureSource } from './context.js';
import { ConfigurationError } from '../core/errors.js';
import { TARGET_FEATURES, type ServerFeatures } from '../raw-client/features.js';
import type { Target } from '../raw-client/index.js';

/**
 * The server's features: fixed by an explicit `target`, else detected on first need (once,
 * shared by concurrent callers). A failed detection is not cached: the caller gets its error
 * and the next call tries again, so a version-dependent call never guesses.
 */
export function createFeatureSource(
  target: Target | undefined,
  detect: () => Promise<{ features: ServerFeatures; version: string | null; routes: string[] }>,
): FeatureSource {
  let known: Promise<ServerFeatures> | undefined =
    target === undefined ? undefined : Promise.resolve(TARGET_FEATURES[target]);
  return {
    get() {
      if (known === undefined) {
        const detecting = detect().then((profile) => {
          if (profile.version === null && profile.routes.length === 0) {
            throw new ConfigurationError(
              'cannot tell which webui release this server runs (it serves neither /internal/sysinfo nor ' +
                "/openapi.json); pass target, e.g. target: 'a1111-1.10'",
            );
          }
          return profile.features;
        });
        known = detecting;
        detecting.catch(() => {
          if (known === detecting) known = undefined;
        });
      }
      return known;
    },
    set(features) {
      known = Promise.resolve(features);
    },
  };
}
