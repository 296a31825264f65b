import type { RedisClient } from '../connection/index.js';

/** A tenant with work a free backend can take. */
export interface TenantCandidate {
  /** Tenant key (`''` for the default tenant). */
  key: string;
  /** Submission time of its oldest eligible job: the tie-break, so equal shares run in arrival order. */
  oldest: number;
}

/** The fair-share bookkeeping as read from Redis: `v` and one pass per tenant key (`default` for `''`). */
export type FairState = Record<string, string>;

/** Passes are whole numbers: one job of a weight-1 tenant moves its pass this far. */
const STRIDE = 1_000_000;

const field = (key: string) => key || 'default';
const numberOf = (text: string | undefined) => {
  const value = Number(text);
  return Number.isFinite(value) && value >= 0 ? value : 0;
};

/**
 * Orders competing tenants by stride scheduling (weighted round robin without BullMQ Pro's
 * groups): each tenant has a pass that grows by `STRIDE / weight` per job it starts; the lowest
 * pass goes first. A tenant that was idle counts from the current virtual time `v` (the pass of
 * the last tenant served), so it gets its share from now on, not a burst for the time it was away.
 */
export function orderTenants(candidates: TenantCandidate[], state: FairState): string[] {
  const v = numberOf(state.v);
  const effective = (key: string) => Math.max(numberOf(state[field(key)]), v);
  return [...candidates]
    .sort((a, b) => effective(a.key) - effective(b.key) || a.oldest - b.oldest)
    .map((candidate) => candidate.key);
}

// Atomic, in one key (so it also runs on a Redis Cluster): the served tenant's pass starts from v
// at the least, v moves to it, and the pass grows by the tenant's stride.
const CHARGE = `
local v = tonumber(redis.call('HGET', KEYS[1], 'v') or '0') or 0
local pass = tonumber(redis.call('HGET', KEYS[1], ARGV[1]) or '0') or 0
if pass < v then pass = v end
redis.call('HSET', KEYS[1], 'v', string.format('%.0f', pass))
redis.call('HSET', KEYS[1], ARGV[1], string.format('%.0f', pass + tonumber(ARGV[2])))
return 1`;

/** Records that a tenant started a job while others competed (one `EVAL`). */
export async function chargeTenant(
  redis: RedisClient,
  fairShareKey: string,
  key: string,
  weight: number,
): Promise<void> {
  await redis.eval(CHARGE, 1, fairShareKey, field(key), String(Math.round(STRIDE / weight)));
}
