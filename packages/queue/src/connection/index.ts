import { Redis, type RedisOptions } from 'ioredis';
import { QueueConfigError, QueueConnectionError } from '../errors/index.js';

/** A Redis URL (`redis://[user:pass@]host:port[/db]`, `rediss://` for TLS) or ioredis options. */
export type Connection = string | RedisOptions;

/** ioredis options from a URL; the password never appears in an error message. */
export function redisOptions(connection: Connection): RedisOptions {
  if (typeof connection !== 'string') return { ...connection, maxRetriesPerRequest: null };
  let url: URL;
  try {
    url = new URL(connection);
  } catch {
    throw new QueueConfigError('connection is not a URL; expected redis://host:port or rediss://host:port');
  }
  if (url.protocol !== 'redis:' && url.protocol !== 'rediss:') {
    throw new QueueConfigError(`connection must be a redis:// or rediss:// URL (got ${url.protocol})`);
  }
  const db = url.pathname.length > 1 ? Number(url.pathname.slice(1)) : 0;
  if (!Number.isInteger(db) || db < 0) throw new QueueConfigError('the database in the Redis URL must be a number');
  return {
    host: url.hostname.replace(/^\[|\]$/g, ''),
    port: url.port ? Number(url.port) : 6379,
    ...(url.username ? { username: decodeURIComponent(url.username) } : {}),
    ...(url.password ? { password: decodeURIComponent(url.password) } : {}),
    db,
    ...(url.protocol === 'rediss:' ? { tls: {} } : {}),
    // BullMQ needs this for blocking commands; commands wait for a reconnect instead of failing.
    maxRetriesPerRequest: null,
  };
}

/** A plain connection for our own keys and pub/sub (BullMQ opens its own). */
export function openRedis(connection: Connection): Redis {
  return new Redis(redisOptions(connection));
}

/** Where a connection points, without credentials, for messages. */
function describeConnection(connection: Connection): string {
  const options = redisOptions(connection);
  return `${options.host ?? '127.0.0.1'}:${options.port ?? 6379}`;
}

/**
 * Connects once, logs in and sends PING, without retrying: a command line can then say at once
 * that Redis is unreachable or refused the login, where a queue (which reconnects forever, as a
 * service should) would wait. The message names host and port, never the credentials.
 */
export async function checkConnection(connection: Connection, options: { timeoutMs?: number } = {}): Promise<void> {
  const timeoutMs = options.timeoutMs ?? 5_000;
  const redis = new Redis({
    ...redisOptions(connection),
    lazyConnect: true,
    connectTimeout: timeoutMs,
    retryStrategy: () => null,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
  });
  // The cause (ECONNREFUSED, WRONGPASS…) comes as an event; connect() then only says "closed".
  let cause: unknown;
  redis.on('error', (error) => (cause ??= error));
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    await Promise.race([redis.connect().then(() => redis.ping()), timeout]);
  } catch (error) {
    const failure = cause ?? error;
    const reason = failure instanceof Error ? failure.message : String(failure);
    throw new QueueConnectionError(`cannot use Redis at ${describeConnection(connection)}: ${reason}`);
  } finally {
    clearTimeout(timer);
    redis.disconnect();
  }
}
