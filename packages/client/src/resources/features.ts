import type { FeatureSource } from '../core/context.js';
import { TARGET_FEATURES, type ServerFeatures } from '../raw-client/features.js';
import type { Target } from '../raw-client/index.js';

/**
 * The server's features: fixed by an explicit `target`, else detected on first need (once,
 * shared by concurrent callers). A failed detection is not cached: the caller gets its error
 * and the next call tries again, so a version-dependent call never guesses.
 */
export function createFeatureSource(
  target: Target | undefined,
  detect: () => Promise<{ features: ServerFeatures }>,
): FeatureSource {
  let known: Promise<ServerFeatures> | undefined =
    target === undefined ? undefined : Promise.resolve(TARGET_FEATURES[target]);
  return {
    get() {
      if (known === undefined) {
        const detecting = detect().then((profile) => profile.features);
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
