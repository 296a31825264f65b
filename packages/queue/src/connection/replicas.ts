import { QueueConfigError, QueueError } from '../errors/index.js';
import type { Connection } from './index.js';

/**
 * Wait for replicas to hold a write before going on (Redis `WAIT`): Redis replicates
 * asynchronously, so a write the primary acknowledged can be lost if it fails before a replica has
 * it, and a replica promoted by Sentinel then lacks it.
 */
export interface ReplicaWait {
  /** Replicas that must acknowledge (1 or more; no more than the primary has). */
  replicas: number;
  /** How long to wait for them, in ms (default 1000). */
  timeoutMs?: number;
}

/** The option checked; refused on a Cluster, where `WAIT` would reach a node chosen at random. */
export function checkReplicaWait(
  wait: ReplicaWait | undefined,
  connection: Connection,
): Required<ReplicaWait> | undefined {
  if (wait === undefined) return undefined;
  if (typeof connection === 'object' && connection !== null && 'cluster' in connection)
    throw new QueueConfigError('waitForReplicas works with one primary (a URL or Sentinel), not on a Cluster');
  const timeoutMs = wait.timeoutMs ?? 1_000;
  if (!Number.isInteger(wait.replicas) || wait.replicas < 1 || wait.replicas > 100)
    throw new QueueConfigError('waitForReplicas.replicas must be a whole number from 1 to 100');
  if (!Number.isInteger(timeoutMs) || timeoutMs < 1 || timeoutMs > 60_000)
    throw new QueueConfigError('waitForReplicas.timeoutMs must be a whole number of ms from 1 to 60000');
  return { replicas: wait.replicas, timeoutMs };
}

/**
 * `WAIT replicas timeoutMs` on the connection that made the writes (WAIT covers the writes of its
 * own connection only): BullMQ's client for its queue. Returns how many replicas acknowledged.
 */
export async function waitForReplicas(client: unknown, wait: Required<ReplicaWait>): Promise<number> {
  // BullMQ's client wraps ioredis and forwards what it does not override, `wait` among them.
  const redis = client as { wait?: (replicas: number, timeoutMs: number) => Promise<number> };
  if (typeof redis.wait !== 'function') throw new QueueError('the Redis client BullMQ uses has no WAIT');
  return redis.wait(wait.replicas, wait.timeoutMs);
}
