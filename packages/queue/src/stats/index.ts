import type { RedisClient } from '../connection/index.js';
import { tenantOfLane, type QueueKeys } from '../keys/index.js';
import { readTenantLimits, readTenantNames } from '../tenants/index.js';
import { cancelsOf } from './cancelled.js';
import { laneCounts } from './counts.js';

/** What a worker publishes about each of its backends (`backends` hash, refreshed every health check). */
export interface BackendStatus {
  id: string;
  /** Base URL without credentials. */
  url: string;
  healthy: boolean;
  /** Why it is out of rotation (the failed health check or the refusal), while it is. */
  downReason: string | null;
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

/** One tenant's jobs and limits. */
export interface TenantStats {
  name: string;
  weight: number;
  maxRunning: number | null;
  maxWaiting: number | null;
  waiting: number;
  running: number;
  completed: number;
  /** Failed, not counting cancelled jobs. */
  failed: number;
  cancelled: number;
}

export interface QueueStats {
  waiting: number;
  /** Running on a backend (BullMQ's `active`). */
  active: number;
  completed: number;
  /** Failed, not counting cancelled jobs (those are `cancelled`). */
  failed: number;
  delayed: number;
  /** Jobs cancelled while waiting or running, kept as long as finished jobs are (`keepMs`). */
  cancelled: number;
  /** Per backend; `stale` when its worker has not reported for 3 health intervals (dead or stopped). */
  backends: Array<BackendStatus & { stale: boolean }>;
  /** Per tenant that has had jobs or limits, the default tenant (jobs submitted without one) included. */
  tenants: TenantStats[];
  /** Jobs completed in the last 60 s. */
  completedLastMinute: number;
  /** Why nothing will run, when that is so: no worker serves the queue, or every backend is down. */
  notice: string | null;
}

/** A worker reports at least this often; older reports are stale. */
const BACKEND_REPORT_MS = 10_000;

function parseBackend(text: string): BackendStatus | undefined {
  try {
    const status = JSON.parse(text) as BackendStatus;
    return typeof status?.id === 'string' ? { ...status, downReason: status.downReason ?? null } : undefined;
  } catch {
    return undefined;
  }
}

/** Why no job would start now, in words for a person, or null. */
function noticeFor(name: string, backends: QueueStats['backends']): string | null {
  const live = backends.filter((backend) => !backend.stale);
  if (live.length === 0)
    return `no worker serves queue ${name}: no backend has reported in the last ${(3 * BACKEND_REPORT_MS) / 1000} s`;
  if (live.some((backend) => backend.healthy)) return null;
  const reasons = live.map((backend) => `${backend.id} (${backend.downReason ?? 'not answering'})`);
  return `every backend of queue ${name} is down: ${reasons.join(', ')}`;
}

export async function readStats(redis: RedisClient, keys: QueueKeys): Promise<QueueStats> {
  const counts = await laneCounts(redis, keys, await redis.hkeys(keys.lanes));
  const [names, limits] = await Promise.all([readTenantNames(redis, keys), readTenantLimits(redis, keys)]);
  const known = [...new Set([...limits.keys(), ...counts.map((lane) => tenantOfLane(lane.lane))])];
  // Jobs cancelled while running end in BullMQ's failed set: they are counted as cancelled instead.
  const cancels = await cancelsOf(redis, keys, known);
  const totals = { waiting: 0, active: 0, completed: 0, failed: 0, delayed: 0 };
  const tenants = new Map<string, TenantStats>();
  const tenantOf = (key: string) => {
    let found = tenants.get(key);
    if (!found) {
      const rule = limits.get(key);
      found = {
        name: rule?.name ?? names.get(key) ?? key,
        weight: rule?.weight ?? 1,
        maxRunning: rule?.maxRunning ?? null,
        maxWaiting: rule?.maxWaiting ?? null,
        waiting: 0,
        running: 0,
        completed: 0,
        failed: -(cancels.get(key)?.[0] ?? 0),
        cancelled: (cancels.get(key)?.[0] ?? 0) + (cancels.get(key)?.[1] ?? 0),
      };
      tenants.set(key, found);
    }
    return found;
  };
  for (const key of known) tenantOf(key);
  for (const lane of counts) {
    totals.waiting += lane.waiting;
    totals.delayed += lane.delayed;
    totals.active += lane.running;
    totals.completed += lane.completed;
    totals.failed += lane.failed;
    const tenant = tenantOf(tenantOfLane(lane.lane));
    tenant.waiting += lane.waiting + lane.delayed;
    tenant.running += lane.running;
    tenant.completed += lane.completed;
    tenant.failed += lane.failed;
  }
  let cancelled = 0;
  for (const tenant of tenants.values()) {
    tenant.failed = Math.max(0, tenant.failed);
    cancelled += tenant.cancelled;
  }
  totals.failed = [...tenants.values()].reduce((sum, tenant) => sum + tenant.failed, 0);
  const now = Date.now();
  const backends = Object.values(await redis.hgetall(keys.backends))
    .map(parseBackend)
    .filter((status): status is BackendStatus => status !== undefined)
    .map((status) => ({ ...status, stale: now - status.updatedAt > 3 * BACKEND_REPORT_MS }))
    .sort((a, b) => a.id.localeCompare(b.id));
  const completedLastMinute = await redis.zcount(keys.completed, now - 60_000, '+inf');
  return {
    ...totals,
    cancelled,
    backends,
    tenants: [...tenants.values()].sort((a, b) => a.name.localeCompare(b.name)),
    completedLastMinute,
    notice: noticeFor(keys.name, backends),
  };
}
