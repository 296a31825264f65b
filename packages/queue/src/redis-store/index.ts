import { openRedis, type Connection, type RedisClient } from '../connection/index.js';
import { QueueConfigError, QueueError, ResultMissingError } from '../errors/index.js';
import { queueKeys } from '../keys/index.js';
import type { ResultStore } from '../store/index.js';

export interface RedisStoreOptions {
  /** The queue's Redis (the same as producers' and workers'): a URL, Sentinel or Cluster options. */
  connection: Connection;
  /** The queue name (default `sdwebui`): results are kept under the queue's hash tag. */
  name?: string;
  /** How long a job's files are kept after its last write, in ms (default 24 h, as the queue's `keepMs`). */
  keepMs?: number;
  /**
   * Largest file stored, in bytes (default 8 MiB: a 1024×1024 PNG is 1–2 MB). A larger result
   * fails its job ("the result could not be stored"); use an object store for such images.
   */
  maxBytes?: number;
}

/** A store that closes its own Redis connection. */
export interface RedisStore extends ResultStore {
  /** Closes the store's Redis connection (the stored files stay until they expire). */
  close(): Promise<void>;
}

const KEY = /^([A-Za-z0-9_-]{1,80})\/([A-Za-z0-9_-]{1,80}\.[a-z0-9]{1,8})$/;
const JOB = /^[A-Za-z0-9_-]{1,80}$/;

/**
 * Results in Redis itself, for workers on machines that share nothing but Redis: one hash per job
 * (`{sdwebui-queue:<name>}:files:<job id>`, file → bytes), expiring `keepMs` after its last write, so
 * Redis (not `sweep`) removes old ones. Every image passes through Redis memory and replication:
 * fine for a farm's few images per second; past that, or for large images, implement `ResultStore`
 * over an object store (S3 `PutObject`/`GetObject`, a lifecycle rule for expiry).
 */
export function createRedisStore(options: RedisStoreOptions): RedisStore {
  const keys = queueKeys(options.name);
  const keepMs = options.keepMs ?? 86_400_000;
  const maxBytes = options.maxBytes ?? 8 * 1024 * 1024;
  if (!Number.isInteger(keepMs) || keepMs < 1_000)
    throw new QueueConfigError('keepMs must be a whole number of ms, 1000 or more');
  if (!Number.isInteger(maxBytes) || maxBytes < 1)
    throw new QueueConfigError('maxBytes must be a whole number of bytes');
  const redis: RedisClient = openRedis(options.connection);
  const jobKey = (jobId: string) => {
    if (!JOB.test(jobId)) throw new QueueConfigError(`not a job id: ${JSON.stringify(String(jobId)).slice(0, 90)}`);
    return keys.files(jobId);
  };
  const split = (key: string): [string, string] => {
    const [, job, file] = KEY.exec(key) ?? [];
    if (job === undefined || file === undefined)
      throw new QueueConfigError(`not a result key: ${JSON.stringify(String(key)).slice(0, 90)}`);
    return [jobKey(job), file];
  };
  return {
    async put(key, bytes) {
      const [hash, file] = split(key);
      if (bytes.byteLength > maxBytes)
        throw new QueueError(`${key} is ${bytes.byteLength} bytes, over the Redis store's ${maxBytes} (maxBytes)`);
      await redis.multi().hset(hash, file, Buffer.from(bytes)).pexpire(hash, keepMs).exec();
    },
    async get(key) {
      const [hash, file] = split(key);
      const bytes = await redis.hgetBuffer(hash, file);
      if (bytes === null) throw new ResultMissingError(`result ${key} is not in Redis (expired, or another store)`);
      return new Uint8Array(bytes);
    },
    async deleteJob(jobId) {
      await redis.del(jobKey(jobId));
    },
    // Redis expires each job's hash by itself; a job waiting longer than keepMs loses its img2img inputs.
    sweep: async () => 0,
    async close() {
      redis.disconnect();
    },
  };
}
