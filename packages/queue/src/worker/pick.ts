import { ANY_LANE, modelLaneOf } from '../keys/index.js';

/** The first waiting job of a lane, as far as choosing between lanes needs it. */
export interface LaneHead {
  lane: string;
  priority: number;
  timestamp: number;
  /** The lane's model is the one loaded on this backend. */
  loaded: boolean;
}

export interface PickPolicy {
  /** Prefer the loaded model's lane (default); off: priority, then a random lane (the baseline for affinity). */
  affinity: boolean;
  /** A job waiting longer than this is taken regardless of affinity (no starvation). */
  maxAffinityWaitMs: number;
  now: number;
  /** Source of randomness without affinity (default `Math.random`). */
  random?: () => number;
}

/**
 * Orders lanes for a free backend: priority first, then (with affinity) the lane of the model
 * already loaded, then jobs that name no model, then the oldest head. A model switch costs tens
 * of seconds on a real GPU, so a backend keeps serving its model while that lane has work.
 */
export function orderLanes(heads: LaneHead[], policy: PickPolicy): string[] {
  if (!policy.affinity) {
    const random = policy.random ?? Math.random;
    const keyed = heads.map((head) => ({ head, key: random() }));
    return keyed.sort((a, b) => a.head.priority - b.head.priority || a.key - b.key).map(({ head }) => head.lane);
  }
  const rank = (head: LaneHead) => {
    if (policy.now - head.timestamp > policy.maxAffinityWaitMs) return 0;
    if (head.loaded) return 0;
    return modelLaneOf(head.lane) === ANY_LANE ? 1 : 2;
  };
  return [...heads]
    .sort((a, b) => a.priority - b.priority || rank(a) - rank(b) || a.timestamp - b.timestamp)
    .map((head) => head.lane);
}
