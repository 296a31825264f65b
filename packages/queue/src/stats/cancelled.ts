import type { Job } from 'bullmq';
import type { RedisClient } from '../connection/index.js';
import { tenantKey, type QueueKeys } from '../keys/index.js';

/** The tenant key of a job, from its data (read back from Redis: a tenant that does not check out counts as default). */
function tenantKeyOf(job: Job): string {
  try {
    return tenantKey((job.data as { tenant?: string } | undefined)?.tenant);
  } catch {
    return '';
  }
}

/** Where a cancelled job is counted: per tenant, and by whether it was waiting (removed) or running (failed). */
export const cancelledKey = (keys: QueueKeys, job: Job, when: 'waiting' | 'running') =>
  when === 'waiting' ? keys.cancelledWaiting(tenantKeyOf(job)) : keys.cancelledRunning(tenantKeyOf(job));

/** Counts a cancelled job, dropping the counts older than `keepMs` (as BullMQ drops the jobs). */
export async function countCancelled(
  redis: RedisClient,
  keys: QueueKeys,
  job: Job,
  when: 'waiting' | 'running',
  keepMs: number,
): Promise<void> {
  const now = Date.now();
  const key = cancelledKey(keys, job, when);
  await redis
    .multi()
    .zadd(key, now, String(job.id))
    .zremrangebyscore(key, '-inf', now - keepMs)
    .exec();
}

/** Cancels of each tenant (keys as `tenantKey` gives them), in one pipeline: `[stopped while running, removed while waiting]`. */
export async function cancelsOf(
  redis: RedisClient,
  keys: QueueKeys,
  tenants: string[],
): Promise<Map<string, [number, number]>> {
  const pipeline = redis.pipeline();
  for (const tenant of tenants) pipeline.zcard(keys.cancelledRunning(tenant)).zcard(keys.cancelledWaiting(tenant));
  const replies = (await pipeline.exec()) ?? [];
  const count = (index: number) => Number(replies[index]?.[1]) || 0;
  return new Map(tenants.map((tenant, index) => [tenant, [count(2 * index), count(2 * index + 1)]]));
}
