import {
  checkConnection,
  type Connection,
  createFileStore,
  createQueue,
  defaultStoreDir,
  QueueConfigError,
  type ResultStore,
  type SdwebuiQueue,
} from '@sdwebui/queue';
import type { CliContext } from '../context.js';
import { UsageError } from '../errors.js';
import { redisConnection, replicaWait, type RedisFlags } from '../redis-flags/index.js';

/** `--redis` (or `--sentinel`/`--cluster`), `--name`, `--store`, `--json`: what every queue and worker command shares. */
export interface QueueFlags extends RedisFlags {
  name: string;
  store?: string;
  json?: boolean;
}

/** Where a queue lives: Redis, and the result folder producers and workers share. */
export interface QueueConnection {
  connection: Connection;
  store: ResultStore;
  /** From `--wait-replicas`, for `createQueue` and `createWorker`. */
  replicas: { waitForReplicas?: { replicas: number } };
}

/**
 * Checks that Redis answers before anything else: the queue itself reconnects forever (right for
 * a service, wrong for a command that should say at once that `--redis` is wrong).
 */
export async function queueConnection(flags: QueueFlags, context: CliContext): Promise<QueueConnection> {
  const connection = redisConnection(flags, context.env);
  const replicas = replicaWait(flags);
  await checkConnection(connection);
  return { connection, store: createFileStore({ dir: flags.store ?? defaultStoreDir(flags.name) }), replicas };
}

/** Values the queue refuses (a job id, a name) are the person's input: usage errors. */
export function asUsageError(error: unknown): unknown {
  return error instanceof QueueConfigError ? new UsageError(error.message) : error;
}

/** Opens the queue, runs `work`, and always closes its connections. */
export async function withQueue<T>(
  flags: QueueFlags,
  context: CliContext,
  work: (queue: SdwebuiQueue) => Promise<T>,
): Promise<T> {
  const { connection, store, replicas } = await queueConnection(flags, context);
  const queue = createQueue({ connection, name: flags.name, store, ...replicas });
  try {
    return await work(queue);
  } catch (error) {
    throw asUsageError(error);
  } finally {
    await queue.close();
  }
}
