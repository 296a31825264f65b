import type { Job } from 'bullmq';
import type { Redis } from 'ioredis';
import { tenantKey } from '../keys/index.js';

/** The tenant key of a job, from its data (read back from Redis: a tenant that does not check out counts as default). */
function tenantKeyOf(job: Job): string {
  try {
    return tenantKey((job.data as { tenant?: string } | undefined)?.tenant);
  } catch {
    return '';
  }
}

/** A cancelled job's entry: its tenant key, so the totals can be split per tenant, and its id. */
export const cancelledEntry = (job: Job) => `${tenantKeyOf(job) || 'default'}/${String(job.id)}`;

/** Counts a cancelled job in a sorted set of cancels, dropping those older than `keepMs` (as BullMQ drops the jobs). */
export async function countCancelled(redis: Redis, key: string, job: Job, keepMs: number): Promise<void> {
  const now = Date.now();
  await redis
    .multi()
    .zadd(key, now, cancelledEntry(job))
    .zremrangebyscore(key, '-inf', now - keepMs)
    .exec();
}

/** Cancels per tenant key (`''` for the default tenant). */
export async function cancelledPerTenant(redis: Redis, key: string): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  for (const entry of await redis.zrange(key, 0, -1)) {
    const tenant = entry.slice(0, Math.max(0, entry.indexOf('/')));
    const field = tenant === 'default' ? '' : tenant;
    counts.set(field, (counts.get(field) ?? 0) + 1);
  }
  return counts;
}
