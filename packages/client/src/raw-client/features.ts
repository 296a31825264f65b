import type { Target } from './index.js';

/** The webui a server runs: AUTOMATIC1111, Forge, reForge, SD.Next, or one the client cannot tell. */
export type Fork = 'a1111' | 'forge' | 'reforge' | 'sdnext' | 'unknown';

/** What the client adapts to in a webui release. */
export interface ServerFeatures {
  /** `scheduler` is a separate field (1.9+); before, it is part of the sampler name. */
  schedulers: boolean;
  /** `force_task_id` + `/internal/progress` per-task progress (1.8+, webui mode). */
  taskIds: boolean;
  /** `/internal/progress` exists (not in `--nowebui` mode). */
  internalProgress: boolean;
  /**
   * Which webui it is: request shapes follow it (Forge's built-in ControlNet reads `mask_image`),
   * and calls a fork lacks fail with an error naming it.
   */
  fork: Fork;
}

/**
 * The one place that says how each target behaves. Everything version-dependent reads a
 * `ServerFeatures` (from here for an explicit `target`, else from `detect()`), never a target name.
 */
export const TARGET_FEATURES: Readonly<Record<Target, ServerFeatures>> = {
  'a1111-1.10': { schedulers: true, taskIds: true, internalProgress: true, fork: 'a1111' },
  // Forge 2 is built on webui 1.10's API: the same scheduler field, task ids and progress routes.
  'forge-2': { schedulers: true, taskIds: true, internalProgress: true, fork: 'forge' },
  'a1111-1.7': { schedulers: false, taskIds: false, internalProgress: true, fork: 'a1111' },
  'a1111-1.4': { schedulers: false, taskIds: false, internalProgress: true, fork: 'a1111' },
  // SD.Next: its samplers are diffusers schedulers (no `scheduler` field), no `force_task_id`; its
  // /sdapi/v1/progress reports the running job's own `id`.
  sdnext: { schedulers: false, taskIds: false, internalProgress: true, fork: 'sdnext' },
};
