import type { Job, Queue, QueueEvents } from 'bullmq';
import type { RedisClient } from '../connection/index.js';
import type { JobData } from '../job-data/index.js';
import { tenantKey, type QueueKeys } from '../keys/index.js';
import { cancelledKey, countCancelled } from '../stats/cancelled.js';
import type { ResultStore } from '../store/index.js';
import { admit } from '../tenants/admission.js';
import type { TenantRule } from '../tenants/index.js';
import type { JobLane } from './queued-job.js';

/** What a lane's jobs need from their producer. */
export interface LaneHost {
  keys: QueueKeys;
  redis: RedisClient;
  keepMs: number;
  store: ResultStore;
  /** A tenant's limits as published (re-read at most once a second). */
  tenantRule(key: string, name: string): Promise<TenantRule>;
}

/** How a `QueuedJob` of this lane cancels, counts, ranks and re-admits itself, on the producer's connection. */
export function jobLane(queue: Queue, events: QueueEvents, host: LaneHost): JobLane {
  const { keys, redis, keepMs } = host;
  const cancelKey = (id: string) => keys.cancelled(id);
  return {
    queue,
    events,
    store: host.store,
    requestCancel: async (id: string) => {
      await redis.set(cancelKey(id), '1', 'PX', keepMs);
      await redis.publish(keys.cancel, id);
    },
    wasCancelled: async (id: string) => (await redis.exists(cancelKey(id))) === 1,
    removedWaiting: (job: Job) => countCancelled(redis, keys, job, 'waiting', keepMs),
    position: async (id: string) => {
      // BullMQ names a `prioritized` key for every queue; the check narrows the index signature.
      const prioritized = queue.keys.prioritized;
      if (prioritized === undefined) throw new Error('BullMQ gave the queue no prioritized key');
      const rank = await redis.zrank(prioritized, id);
      return rank === null ? null : rank + 1;
    },
    readmit: async (job: Job) => {
      const data = job.data as Partial<JobData>;
      const tenant = typeof data.tenant === 'string' ? data.tenant : undefined;
      const key = tenantKey(tenant);
      // Back in line only within the tenant's maxWaiting; its cancel mark goes, or the worker would cancel it again.
      await admit(redis, keys, key, await host.tenantRule(key, tenant ?? 'default'), async () => {
        await redis
          .multi()
          .del(cancelKey(String(job.id)))
          .zrem(cancelledKey(keys, job, 'running'), String(job.id))
          .exec();
        await job.retry('failed', { resetAttemptsMade: true });
      });
      await redis.publish(keys.wake, 'retry');
    },
  };
}
