import type { RedisClient } from '../connection/index.js';

/** A running slot of a tenant with `maxRunning`, held while one of its jobs runs. */
export interface RunningSlot {
  key: string;
  token: string;
}

// Expired slots (their worker died without releasing them) are dropped first, then a slot is
// taken only when fewer than the cap are held: one key, atomic, so two backends cannot both take
// the last slot.
const ACQUIRE = `
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[2]) then return 0 end
redis.call('ZADD', KEYS[1], ARGV[3], ARGV[4])
redis.call('PEXPIRE', KEYS[1], ARGV[5])
return 1`;

/**
 * Takes one of `max` running slots, held for `ttlMs` unless renewed: a worker that dies leaves it to
 * expire, the way BullMQ leaves its job's lock to expire.
 */
export async function acquireSlot(
  redis: RedisClient,
  key: string,
  token: string,
  max: number,
  ttlMs: number,
): Promise<RunningSlot | undefined> {
  const now = Date.now();
  const taken = await redis.eval(ACQUIRE, 1, key, String(now), String(max), String(now + ttlMs), token, String(ttlMs));
  return taken === 1 ? { key, token } : undefined;
}

/** Keeps a slot for another `ttlMs` (renewed with the job's lock). */
export async function renewSlot(redis: RedisClient, slot: RunningSlot, ttlMs: number): Promise<void> {
  await redis
    .multi()
    .zadd(slot.key, 'XX', Date.now() + ttlMs, slot.token)
    .pexpire(slot.key, ttlMs)
    .exec();
}

export async function releaseSlot(redis: RedisClient, slot: RunningSlot): Promise<void> {
  await redis.zrem(slot.key, slot.token);
}
