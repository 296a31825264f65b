import { QueueConfigError } from '../errors/index.js';
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
 * Waits until `replicas` replicas hold every write made before the call, on a connection of its own:
 * `WAIT` blocks the connection it runs on, and on BullMQ's connection it held up the lane's job
 * fetches and lock renewals for the whole timeout whenever replicas were down. `WAIT` covers the
 * writes of its own connection, so this one first writes a marker: replication is one ordered
 * stream, and once a replica has the marker it has everything the primary applied before it.
 * Callers that arrive while a `WAIT` runs share the next one: at most two are ever under way,
 * so replicas that are down cost each caller at most two timeouts, however many there are.
 */
export class ReplicationBarrier {
  private running: Promise<number> | undefined;
  private queued: Promise<number> | undefined;

  constructor(
    private readonly redis: {
      incr(key: string): Promise<number>;
      wait(replicas: number, timeoutMs: number): Promise<number>;
    },
    private readonly markerKey: string,
    private readonly options: Required<ReplicaWait>,
  ) {}

  /** How many replicas acknowledged every write made before this call (fewer when the timeout passed). */
  acknowledged(): Promise<number> {
    if (!this.running) return this.start();
    this.queued ??= this.running
      .catch(() => 0)
      .then(() => {
        this.queued = undefined;
        return this.start();
      });
    return this.queued;
  }

  private start(): Promise<number> {
    const run = (async () => {
      await this.redis.incr(this.markerKey);
      return this.redis.wait(this.options.replicas, this.options.timeoutMs);
    })();
    this.running = run;
    run
      .finally(() => {
        if (this.running === run) this.running = undefined;
      })
      .catch(() => undefined);
    return run;
  }
}
