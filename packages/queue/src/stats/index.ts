import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { QueueKeys } from '../keys/index.js';

/** What a worker publishes about each of its backends (`backends` hash, refreshed every health check). */
export interface BackendStatus {
  id: string;
  /** Base URL without credentials. */
  url: string;
  healthy: boolean;
  /** The checkpoint the worker last saw or made loaded. */
  model: string | null;
  /** The job running there now. */
  activeJob: string | null;
  completed: number;
  failed: number;
  /** Model switches this worker made on the backend. */
  modelSwitches: number;
  updatedAt: number;
}

export interface QueueStats {
  waiting: number;
  active: number;
  completed: number;
  failed: number;
  delayed: number;
  /** Per backend; `stale` when its worker has not reported for 3 health intervals (dead or stopped). */
  backends: Array<BackendStatus & { stale: boolean }>;
  /** Jobs completed in the last 60 s. */
  completedLastMinute: number;
}

/** A worker reports at least this often; older reports are stale. */
const BACKEND_REPORT_MS = 10_000;

export async function readStats(
  redis: Redis,
  keys: QueueKeys,
  laneQueue: (lane: string) => Promise<Queue>,
): Promise<QueueStats> {
  const totals = { waiting: 0, active: 0, completed: 0, failed: 0, delayed: 0 };
  for (const lane of await redis.hkeys(keys.lanes)) {
    const counts = await (await laneQueue(lane)).getJobCounts(
      'waiting',
      'prioritized',
      'active',
      'completed',
      'failed',
      'delayed',
    );
    totals.waiting += (counts.waiting ?? 0) + (counts.prioritized ?? 0);
    totals.active += counts.active ?? 0;
    totals.completed += counts.completed ?? 0;
    totals.failed += counts.failed ?? 0;
    totals.delayed += counts.delayed ?? 0;
  }
  const now = Date.now();
  const backends = Object.values(await redis.hgetall(keys.backends))
    .map((text) => {
      try {
        return JSON.parse(text) as BackendStatus;
      } catch {
        return undefined;
      }
    })
    .filter((status): status is BackendStatus => status !== undefined && typeof status.id === 'string')
    .map((status) => ({ ...status, stale: now - status.updatedAt > 3 * BACKEND_REPORT_MS }))
    .sort((a, b) => a.id.localeCompare(b.id));
  const completedLastMinute = await redis.zcount(keys.completed, now - 60_000, '+inf');
  return { ...totals, backends, completedLastMinute };
}
