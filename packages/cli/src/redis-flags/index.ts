import type { Connection } from '@sdwebui/queue';
import type { CliContext } from '../context.js';
import { UsageError } from '../errors.js';

/** How the queue commands are told where Redis is: one of the three, or `REDIS_URL`. */
export interface RedisFlags {
  /** `--redis URL`. */
  redis?: string;
  /** `--sentinel HOST:PORT`, repeatable. */
  sentinel?: string[];
  /** `--sentinel-name NAME`: the primary the sentinels watch. */
  sentinelName?: string;
  /** `--cluster HOST:PORT`, repeatable: seed nodes of a Redis Cluster. */
  cluster?: string[];
  /** `--wait-replicas N`: submissions and sends wait for N replicas (Redis WAIT). */
  waitReplicas?: number;
}

const HOST = /^[A-Za-z0-9.-]{1,253}$/;
const NAME = /^[A-Za-z0-9._-]{1,128}$/;

/** `host:port` or `[ipv6]:port`, port 1–65535. */
export function hostAndPort(value: string, flag: string): { host: string; port: number } {
  const match = /^(?:\[([0-9A-Fa-f:.]+)\]|([^:[\]]+)):(\d{1,5})$/.exec(value);
  const host = match?.[1] ?? match?.[2];
  const port = Number(match?.[3]);
  if (!host || (match?.[2] !== undefined && !HOST.test(host)) || !Number.isInteger(port) || port < 1 || port > 65_535)
    throw new UsageError(`${flag} must be HOST:PORT (e.g. 10.0.0.5:26379, [::1]:26379), got "${value.slice(0, 80)}"`);
  return { host, port };
}

/** The URL of `--redis` or `REDIS_URL`, checked; never echoed (it may hold a password). */
function redisUrl(text: string | undefined, source: string): string {
  if (text === undefined || text === '')
    throw new UsageError(
      '--redis <url> (or REDIS_URL) is required, e.g. redis://127.0.0.1:6379; or --sentinel HOST:PORT --sentinel-name NAME, or --cluster HOST:PORT',
    );
  let protocol: string;
  try {
    protocol = new URL(text).protocol;
  } catch {
    throw new UsageError(`${source} must be a redis:// or rediss:// URL, e.g. redis://127.0.0.1:6379`);
  }
  if (protocol !== 'redis:' && protocol !== 'rediss:')
    throw new UsageError(`${source} must be a redis:// or rediss:// URL, got ${protocol}`);
  return text;
}

/**
 * The connection the flags name: `--redis`, or `--sentinel` (repeatable) with `--sentinel-name`, or
 * `--cluster` (repeatable); at most one of the three; none of them: `REDIS_URL`. A password for the
 * primary or the cluster nodes comes from `REDIS_PASSWORD` (never a flag: `ps` shows flags).
 */
/** `waitForReplicas` for the queue and the worker, from `--wait-replicas` (not with `--cluster`). */
export function replicaWait(flags: RedisFlags): { waitForReplicas?: { replicas: number } } {
  if (flags.waitReplicas === undefined) return {};
  if ((flags.cluster ?? []).length > 0)
    throw new UsageError('--wait-replicas works with one primary (--redis or --sentinel), not with --cluster');
  return { waitForReplicas: { replicas: flags.waitReplicas } };
}

export function redisConnection(flags: RedisFlags, env: CliContext['env']): Connection {
  const sentinels = flags.sentinel ?? [];
  const nodes = flags.cluster ?? [];
  const given = [
    flags.redis !== undefined && '--redis',
    sentinels.length > 0 && '--sentinel',
    nodes.length > 0 && '--cluster',
  ];
  const chosen = given.filter((flag): flag is string => flag !== false);
  if (chosen.length > 1)
    throw new UsageError(`${chosen.join(' and ')} name Redis twice: give one of --redis, --sentinel or --cluster`);
  if (flags.sentinelName !== undefined && sentinels.length === 0)
    throw new UsageError('--sentinel-name goes with --sentinel HOST:PORT');
  const password = env.REDIS_PASSWORD ? { password: env.REDIS_PASSWORD } : {};
  if (sentinels.length > 0) {
    if (flags.sentinelName === undefined)
      throw new UsageError('--sentinel needs --sentinel-name NAME (the primary the sentinels watch, e.g. mymaster)');
    if (!NAME.test(flags.sentinelName))
      throw new UsageError('--sentinel-name must be 1–128 letters, digits, ".", "-" or "_"');
    return {
      sentinels: sentinels.map((value) => hostAndPort(value, '--sentinel')),
      name: flags.sentinelName,
      ...password,
    };
  }
  if (nodes.length > 0)
    return { cluster: nodes.map((value) => hostAndPort(value, '--cluster')), redisOptions: { ...password } };
  return flags.redis !== undefined ? redisUrl(flags.redis, '--redis') : redisUrl(env.REDIS_URL, 'REDIS_URL');
}
