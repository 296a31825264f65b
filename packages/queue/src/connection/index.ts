import { Cluster, type ClusterOptions, Redis, type RedisOptions } from 'ioredis';
import { QueueConfigError, QueueConnectionError } from '../errors/index.js';

/** A Redis node's address. */
export interface RedisNode {
  host: string;
  port: number;
}

/**
 * A Redis Cluster: seed nodes (ioredis finds the others) and the options of every node's connection.
 * All of a queue's keys share one hash tag (`{sdwebui-queue:<name>}`), so they live in one slot.
 */
export interface ClusterConnection {
  /** Seed nodes, `[{ host, port }, …]`: one that answers is enough. */
  cluster: RedisNode[];
  /** Options for each node's connection (`password`, `username`, `tls`…). */
  redisOptions?: RedisOptions;
  /** Other ioredis Cluster options (`natMap`, `dnsLookup`, `scaleReads`…). */
  clusterOptions?: Omit<ClusterOptions, 'redisOptions'>;
}

/**
 * Where Redis is: a URL (`redis://[user:pass@]host:port[/db]`, `rediss://` for TLS), ioredis
 * options (Sentinel: `{ sentinels: [{ host, port }, …], name: 'mymaster' }`), or `{ cluster: [{ host, port }, …] }`.
 */
export type Connection = string | RedisOptions | ClusterConnection;

/** A connection of ours: one Redis (direct or through Sentinel) or a Cluster. */
export type RedisClient = Redis | Cluster;

function isCluster(connection: Connection): connection is ClusterConnection {
  return typeof connection === 'object' && connection !== null && 'cluster' in connection;
}

function checkNodes(nodes: unknown, what: string): void {
  if (!Array.isArray(nodes) || nodes.length === 0)
    throw new QueueConfigError(`${what} must be a non-empty list of { host, port }`);
  for (const node of nodes) {
    const { host, port } = (node ?? {}) as Partial<RedisNode>;
    if (
      typeof host !== 'string' ||
      host === '' ||
      !Number.isInteger(port) ||
      (port as number) < 1 ||
      (port as number) > 65_535
    )
      throw new QueueConfigError(`${what}: each node needs a host and a port from 1 to 65535`);
  }
}

/** ioredis options from a URL or options (not a Cluster); the password never appears in an error message. */
function redisOptions(connection: string | RedisOptions): RedisOptions {
  if (typeof connection !== 'string') {
    if (connection.sentinels !== undefined) {
      checkNodes(connection.sentinels, 'sentinels');
      if (typeof connection.name !== 'string' || connection.name === '')
        throw new QueueConfigError('a Sentinel connection needs the name of its primary (name: "mymaster")');
    }
    return { ...connection, maxRetriesPerRequest: null };
  }
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

function openCluster(
  connection: ClusterConnection,
  extra: RedisOptions = {},
  clusterExtra: ClusterOptions = {},
): Cluster {
  checkNodes(connection.cluster, 'cluster');
  return new Cluster(
    connection.cluster.map(({ host, port }) => ({ host, port })),
    {
      ...connection.clusterOptions,
      ...clusterExtra,
      // Per node, as BullMQ requires: commands wait for the cluster to come back instead of failing.
      redisOptions: { ...connection.redisOptions, maxRetriesPerRequest: null, ...extra },
    },
  );
}

/** A plain connection for our own keys and pub/sub. */
export function openRedis(connection: Connection): RedisClient {
  const redis = isCluster(connection) ? openCluster(connection) : new Redis(redisOptions(connection));
  // A lost connection is retried for ever and its commands wait for it (a failover, a restart); the
  // error events say only that, and unheard ioredis prints each one to stderr.
  redis.on('error', () => undefined);
  return redis;
}

/**
 * What BullMQ is given for a queue, worker or event stream. A URL or options: options, so BullMQ
 * opens (and closes) its own connection, as before. A Cluster: the caller's own Cluster client
 * (`shared`), because BullMQ opens only single-node connections from options; it duplicates that
 * client for its blocking reads and never closes the shared one (its owner does).
 */
export function bullConnection(connection: Connection, shared: RedisClient): RedisOptions | Cluster {
  if (isCluster(connection)) return shared as Cluster;
  return redisOptions(connection);
}

/** Where a connection points, without credentials, for messages. */
function describeConnection(connection: Connection): string {
  if (isCluster(connection))
    return `cluster ${connection.cluster.map((node) => `${node.host}:${node.port}`).join(',')}`;
  const options = redisOptions(connection);
  if (options.sentinels)
    return `primary "${options.name}" via sentinels ${options.sentinels.map((node) => `${node.host}:${node.port}`).join(',')}`;
  return `${options.host ?? '127.0.0.1'}:${options.port ?? 6379}`;
}

/**
 * Connects, logs in and sends PING, without the queue's endless retries: a command line can then
 * say at once that Redis is unreachable or refused the login, where a queue (which reconnects
 * forever, as a service should) would wait. The message names host and port, never the
 * credentials. Through Sentinel, a primary that refuses connections while the sentinels answer is
 * a failover under way (they still name the old one): asked again until `timeoutMs` (default 5 s).
 */
export async function checkConnection(connection: Connection, options: { timeoutMs?: number } = {}): Promise<void> {
  const timeoutMs = options.timeoutMs ?? 5_000;
  const deadline = Date.now() + timeoutMs;
  const sentinel = !isCluster(connection) && redisOptions(connection).sentinels !== undefined;
  for (;;) {
    const failure = await checkOnce(connection, Math.max(1, deadline - Date.now()));
    if (failure === undefined) return;
    const failingOver =
      sentinel && /ECONNREFUSED|ECONNRESET/.test(failure) && !/sentinels are unreachable/i.test(failure);
    if (!failingOver || Date.now() + FAILOVER_RETRY_MS >= deadline)
      throw new QueueConnectionError(`cannot use Redis at ${describeConnection(connection)}: ${failure}`);
    await new Promise((resolve) => setTimeout(resolve, FAILOVER_RETRY_MS));
  }
}

/** How often a Sentinel check asks again while a failover is under way. */
const FAILOVER_RETRY_MS = 250;

/** One try: undefined when Redis answered PING, else why not. */
async function checkOnce(connection: Connection, timeoutMs: number): Promise<string | undefined> {
  const once: RedisOptions = {
    lazyConnect: true,
    connectTimeout: timeoutMs,
    retryStrategy: () => null,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
  };
  const redis: RedisClient = isCluster(connection)
    ? openCluster(connection, once, { lazyConnect: true, clusterRetryStrategy: () => null, enableOfflineQueue: false })
    : new Redis({ ...redisOptions(connection), ...once, sentinelRetryStrategy: () => null });
  // The cause (ECONNREFUSED, WRONGPASS…) comes as an event; connect() then only says "closed".
  let cause: unknown;
  redis.on('error', (error) => (cause ??= error));
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    await Promise.race([redis.connect().then(() => redis.ping()), timeout]);
    return undefined;
  } catch (error) {
    const failure = cause ?? error;
    return failure instanceof Error ? failure.message : String(failure);
  } finally {
    clearTimeout(timer);
    redis.disconnect();
  }
}
