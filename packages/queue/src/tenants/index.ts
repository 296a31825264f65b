import type { RedisClient } from '../connection/index.js';
import { QueueConfigError } from '../errors/index.js';
import { checkTenant, tenantKey, type QueueKeys } from '../keys/index.js';

/** What a tenant may use of the farm (`createQueue({ tenants: { name: limits } })`). */
export interface TenantLimits {
  /**
   * Its share when tenants compete for backends, relative to the others' (default 1): a tenant of
   * weight 2 starts two jobs for every one of a tenant of weight 1 (1–1000).
   */
  weight?: number;
  /** Most of its jobs running at once, over every worker; more wait (default: no cap). */
  maxRunning?: number;
  /** Most of its jobs waiting; a submission past it is refused with `QuotaError` (default: no cap). */
  maxWaiting?: number;
}

/** A tenant's limits as workers and producers read them back from Redis. */
export interface TenantRule {
  name: string;
  weight: number;
  maxRunning: number | undefined;
  maxWaiting: number | undefined;
}

const MAX_WEIGHT = 1_000;
const MAX_COUNT = 1_000_000;

const isCount = (value: unknown, min: number, max: number): value is number =>
  typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max;

/** The limits given in code, checked (a mistake is a `QueueConfigError` at once, not a surprise later). */
function checkLimits(name: string, limits: TenantLimits): TenantRule {
  const where = `tenant ${JSON.stringify(name)}`;
  if (limits.weight !== undefined && !isCount(limits.weight, 1, MAX_WEIGHT))
    throw new QueueConfigError(`${where}: weight must be a whole number from 1 to ${MAX_WEIGHT}`);
  if (limits.maxRunning !== undefined && !isCount(limits.maxRunning, 1, MAX_COUNT))
    throw new QueueConfigError(`${where}: maxRunning must be a whole number from 1 to ${MAX_COUNT}`);
  if (limits.maxWaiting !== undefined && !isCount(limits.maxWaiting, 0, MAX_COUNT))
    throw new QueueConfigError(`${where}: maxWaiting must be a whole number from 0 to ${MAX_COUNT}`);
  return { name, weight: limits.weight ?? 1, maxRunning: limits.maxRunning, maxWaiting: limits.maxWaiting };
}

/** Checks every tenant's limits; returns what `writeTenantLimits` stores. */
export function tenantRules(tenants: Record<string, TenantLimits>): Map<string, TenantRule> {
  const rules = new Map<string, TenantRule>();
  for (const [name, limits] of Object.entries(tenants))
    rules.set(tenantKey(checkTenant(name)), checkLimits(name, limits));
  return rules;
}

/** Publishes limits for every worker and producer of the queue (the last writer wins, per tenant). */
export async function writeTenantLimits(
  redis: RedisClient,
  keys: QueueKeys,
  rules: Map<string, TenantRule>,
): Promise<void> {
  if (rules.size === 0) return;
  const entries = [...rules].flatMap(([key, rule]) => [key || 'default', JSON.stringify(rule)]);
  const names = [...rules].flatMap(([key, rule]) => [key || 'default', rule.name]);
  await redis
    .multi()
    .hset(keys.tenantLimits, ...entries)
    .hset(keys.tenants, ...names)
    .exec();
}

/**
 * The limits in Redis, by tenant key. Redis content is read back as untrusted: an entry that is not
 * what `writeTenantLimits` writes counts as no limits (weight 1), never as a crash.
 */
export async function readTenantLimits(redis: RedisClient, keys: QueueKeys): Promise<Map<string, TenantRule>> {
  const rules = new Map<string, TenantRule>();
  for (const [field, text] of Object.entries(await redis.hgetall(keys.tenantLimits))) {
    try {
      const value = JSON.parse(text) as Partial<TenantRule>;
      const name = typeof value.name === 'string' ? checkTenant(value.name) : undefined;
      if (name === undefined) continue;
      rules.set(field === 'default' ? '' : field, checkLimits(name, value));
    } catch {
      // Not ours, or damaged: the tenant runs without limits.
    }
  }
  return rules;
}

/** Tenant key → name, for display (the default tenant included): every tenant's, or only those of `only`. */
export async function readTenantNames(
  redis: RedisClient,
  keys: QueueKeys,
  only?: readonly string[],
): Promise<Map<string, string>> {
  const names = new Map<string, string>([['', 'default']]);
  const fields = only?.filter((key) => key !== '');
  const entries =
    fields === undefined
      ? Object.entries(await redis.hgetall(keys.tenants))
      : fields.length === 0
        ? []
        : (await redis.hmget(keys.tenants, ...fields)).map((name, index) => [fields[index], name] as const);
  for (const [field, name] of entries) {
    if (field !== undefined && name !== null && field !== 'default' && /^[0-9a-f]{16}$/.test(field))
      names.set(field, name.slice(0, 100));
  }
  return names;
}
