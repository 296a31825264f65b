import { randomUUID } from 'node:crypto';
import type { RedisClient } from '../connection/index.js';
import { QueueError, QuotaError } from '../errors/index.js';
import { tenantOfLane, type QueueKeys } from '../keys/index.js';
import { laneCounts } from '../stats/counts.js';
import type { TenantRule } from './index.js';

const LOCK_MS = 10_000;
const WAIT_FOR_LOCK_MS = 30_000;

const RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs `add` only while the tenant has fewer than `maxWaiting` jobs waiting, else throws
 * `QuotaError`. Submissions of one tenant are serialised by a short Redis lock around the count
 * and the add, so producers in several processes cannot pass the cap together; the count is
 * BullMQ's own (every lane of the tenant), so it never drifts from what really waits.
 */
export async function admit<T>(
  redis: RedisClient,
  keys: QueueKeys,
  key: string,
  rule: TenantRule,
  add: () => Promise<T>,
): Promise<T> {
  const max = rule.maxWaiting;
  if (max === undefined) return add();
  const lock = keys.admission(key);
  const token = randomUUID();
  const deadline = Date.now() + WAIT_FOR_LOCK_MS;
  while ((await redis.set(lock, token, 'PX', LOCK_MS, 'NX')) !== 'OK') {
    if (Date.now() > deadline)
      throw new QueueError(`tenant ${JSON.stringify(rule.name)}: no turn to submit within ${WAIT_FOR_LOCK_MS} ms`);
    await sleep(10 + Math.random() * 20);
  }
  try {
    const lanes = (await redis.hkeys(keys.lanes)).filter((lane) => tenantOfLane(lane) === key);
    const waiting = (await laneCounts(redis, keys, lanes)).reduce(
      (sum, counts) => sum + counts.waiting + counts.delayed,
      0,
    );
    if (waiting >= max) throw new QuotaError(rule.name, 'maxWaiting', max, waiting);
    return await add();
  } finally {
    await redis.eval(RELEASE, 1, lock, token).catch(() => undefined);
  }
}
