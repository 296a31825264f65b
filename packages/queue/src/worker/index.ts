import { EventEmitter } from 'node:events';
import { randomUUID } from 'node:crypto';
import { createWebuiClient } from '@sdwebui/client';
import { Queue, Worker, type Job } from 'bullmq';
import { bullConnection, openRedis, type Connection, type RedisClient } from '../connection/index.js';
import { checkReplicaWait, ReplicationBarrier, type ReplicaWait } from '../connection/replicas.js';
import { QueueConfigError } from '../errors/index.js';
import { CANCELLED, type Dispatch, type JobData, type StoredResult } from '../job-data/index.js';
import { modelLaneOf, ANY_LANE, queueKeys, type QueueKeys } from '../keys/index.js';
import { countCancelled } from '../stats/cancelled.js';
import type { BackendStatus } from '../stats/index.js';
import { createFileStore, defaultStoreDir, type ResultStore } from '../store/index.js';
import { Backend, type BackendConfig, type BackendHost, type Picked } from './backend.js';
import { confirmStopped, type ConfirmOutcome } from './confirm.js';
import type { WorkerEvent } from './events.js';
import { releaseSlot, renewSlot } from '../tenants/running-slots.js';
import { webhookEvent } from '../webhooks/payload.js';
import { WebhookSender, type WebhookOptions } from '../webhooks/sender.js';
import { JobPicker } from './picker.js';

export interface WorkerOptions {
  /** Redis: `redis://host:port` or ioredis options (the same as the producer's). */
  connection: Connection;
  /** The webuis this process feeds, one job at a time each. Give each backend to one worker process only. */
  backends: BackendConfig[];
  /** Queue name (default `sdwebui`). */
  name?: string;
  /** Result store (default: files under `<os tmpdir>/sdwebui-queue/<name>`); the producer must read the same. */
  store?: ResultStore;
  /** Prefer jobs for the checkpoint already loaded (default true; `false` picks a random lane, for comparison). */
  affinity?: boolean;
  /** A job waiting longer than this is taken by any backend that can serve it (default 30 s). */
  maxAffinityWaitMs?: number;
  /** Time between health checks per backend (default 5 s). */
  healthIntervalMs?: number;
  /** Consecutive failed checks before a backend leaves rotation (default 2; a refused job takes it out at once). */
  unhealthyAfter?: number;
  /** BullMQ lock time: a job whose worker stops renewing it for this long is stalled (default 30 s). */
  lockMs?: number;
  /** How often stalled jobs are looked for and put back (default 30 s). */
  stalledCheckMs?: number;
  /** Sends of one job before it fails (default 3). */
  maxDispatches?: number;
  /**
   * Times one job may be handed back by backends that could not take it (refused, unreachable,
   * no longer listing its checkpoint) before it fails (default 5). Shutdown hand-backs are not counted.
   */
  maxHandBacks?: number;
  /**
   * How long a recovering worker waits for an earlier dispatch to end on a backend it does not own
   * (default 10 min).
   */
  recoveryWaitMs?: number;
  /** Progress polling of the backend while a job runs (default 500 ms). */
  progressIntervalMs?: number;
  /**
   * Largest answer read from a backend, in bytes (default 32 MiB, an eighth of the SDK's default): one
   * process serves every backend it feeds, so one answer must not take the memory they all share, and
   * parsing an answer is one turn of the event loop they share (about 2 ms per MiB). A larger answer
   * fails its job with `ResponseTooLargeError`; raise it for large batches of large images.
   */
  maxResponseBytes?: number;
  /** How long results are kept before the store is swept (default 24 h, as the producer's `keepMs`). */
  keepMs?: number;
  /**
   * Send each finished job's outcome to its `callbackUrl`, signed with this secret (Standard
   * Webhooks). Without it, jobs' callbacks are not sent (a `webhook-failed` event says so). Every
   * worker of a queue should have the same secret: any of them may send any job's webhook.
   */
  webhooks?: WebhookOptions;
  /**
   * With replicas (Sentinel): before a job is sent to a backend, and after it completes, wait for
   * this many replicas to hold the record (Redis `WAIT`), so a failover cannot lose it and the job
   * be sent twice. When fewer acknowledge in time the worker goes on (an `error` event says so):
   * a GPU farm keeps running on a primary whose replicas are down. Not on a Cluster.
   */
  waitForReplicas?: ReplicaWait;
}

/** One lane's BullMQ queue and worker, and how often the worker's connection has dropped. */
interface Lane {
  queue: Queue;
  worker: Worker;
  drops: number;
}

export interface CloseOptions {
  /**
   * `false` (default): let running jobs finish. `true`: interrupt them on their backends and put
   * them back in the queue.
   */
  handBack?: boolean;
}

/**
 * Feeds a pool of webuis from the queue. Emits `event` with a `WorkerEvent` for everything
 * that happens (safe to log).
 */
export class SdwebuiWorker extends EventEmitter {
  readonly keys: QueueKeys;
  readonly backends: Backend[];
  private readonly redis;
  private readonly subscriber;
  private readonly webhooks: WebhookSender | undefined;
  private readonly lanes = new Map<string, Lane>();
  private readonly loops: Promise<void>[] = [];
  /** Idle loops, with the backend of each run loop (for waking one that can serve a new job). */
  private readonly waiters = new Map<() => void, Backend | undefined>();
  /** Health loops between checks: woken only by `close`. */
  private readonly sleepers = new Map<() => void, Backend | undefined>();
  private readonly settings: BackendHost['settings'];
  private closed = false;
  private sweeper: NodeJS.Timeout | undefined;
  private readonly picker: JobPicker;
  private readonly replicaWait: Required<ReplicaWait> | undefined;
  /** Its own connection, when waiting for replicas: `WAIT` blocks the connection it runs on. */
  private readonly replicas: { barrier: ReplicationBarrier; redis: RedisClient } | undefined;

  constructor(private readonly options: WorkerOptions) {
    super();
    if (options.backends.length === 0) throw new QueueConfigError('a worker needs at least one backend');
    this.keys = queueKeys(options.name);
    this.replicaWait = checkReplicaWait(options.waitForReplicas, options.connection);
    this.settings = {
      healthIntervalMs: options.healthIntervalMs ?? 5_000,
      unhealthyAfter: options.unhealthyAfter ?? 2,
      maxDispatches: options.maxDispatches ?? 3,
      maxHandBacks: options.maxHandBacks ?? 5,
      progressIntervalMs: options.progressIntervalMs ?? 500,
      maxResponseBytes: options.maxResponseBytes ?? 32 * 1024 * 1024,
      lockMs: options.lockMs ?? 30_000,
      store: options.store ?? createFileStore({ dir: defaultStoreDir(this.keys.name) }),
    };
    const host = this.host();
    this.backends = options.backends.map((config) => new Backend(config, host));
    const ids = new Set(this.backends.map((backend) => backend.id));
    if (ids.size !== this.backends.length) throw new QueueConfigError('the same backend is listed twice');
    this.redis = openRedis(options.connection);
    this.subscriber = openRedis(options.connection);
    if (this.replicaWait) {
      const redis = openRedis(options.connection);
      this.replicas = { redis, barrier: new ReplicationBarrier(redis, this.keys.replicationMarker, this.replicaWait) };
    }
    try {
      // After the connections: on a Cluster, the sender's BullMQ queue shares this.redis.
      this.webhooks = options.webhooks
        ? new WebhookSender(
            { queue: this.keys.webhookQueue, prefix: this.keys.prefix },
            bullConnection(options.connection, this.redis),
            options.webhooks,
            (event) => this.emitEvent(event),
          )
        : undefined;
    } catch (error) {
      // A refused secret: nothing may keep reconnecting behind the error.
      this.redis.disconnect();
      this.subscriber.disconnect();
      this.replicas?.redis.disconnect();
      throw error;
    }
    this.picker = new JobPicker({
      redis: this.redis,
      keys: this.keys,
      policy: { affinity: options.affinity ?? true, maxAffinityWaitMs: options.maxAffinityWaitMs ?? 30_000 },
      slotTtlMs: this.settings.lockMs * 2,
      peek: (lane) => this.lane(lane).queue,
      take: (backend, lane, model) => this.take(backend, lane, model),
      emit: (event) => this.emitEvent(event),
    });
  }

  /** Connects, checks every backend once, then starts taking jobs. */
  async start(): Promise<this> {
    await this.subscriber.subscribe(this.keys.wake, this.keys.cancel);
    this.subscriber.on('message', (channel: string, message: string) => {
      if (channel === this.keys.cancel) for (const backend of this.backends) backend.stopCurrent(message, 'cancel');
      if (channel === this.keys.wake) {
        this.picker.noticeLane(message);
        this.wakeFor(message);
      } else this.wakeAll();
    });
    await Promise.all(this.backends.map((backend) => backend.checkHealth()));
    for (const backend of this.backends) {
      // A loop that ends in an error must not take the process, and with it every other backend's loop.
      const ended = (error: unknown) =>
        this.emitEvent({ type: 'error', backend: backend.id, message: `loop stopped: ${String(error)}` });
      this.loops.push(backend.healthLoop().catch(ended), backend.runLoop().catch(ended));
    }
    const keepMs = this.options.keepMs ?? 86_400_000;
    this.sweeper = setInterval(() => void this.sweep().catch(() => undefined), Math.min(keepMs, 600_000));
    this.sweeper.unref();
    return this;
  }

  /**
   * Removes from the store every job older than `keepMs` that no longer waits or runs (also done
   * every `min(keepMs, 10 min)`); returns how many. The inputs of a job still waiting are kept,
   * however long it waits.
   */
  sweep(): Promise<number> {
    return this.settings.store.sweep(this.options.keepMs ?? 86_400_000, (jobId) => this.inUse(jobId));
  }

  /** Whether a job still waits or runs in any lane (BullMQ sets `finishedOn` when it completes or fails). */
  private async inUse(jobId: string): Promise<boolean> {
    for (const lane of await this.redis.hkeys(this.keys.lanes)) {
      const [timestamp, finishedOn] = await this.redis.hmget(this.keys.laneJob(lane, jobId), 'timestamp', 'finishedOn');
      if (timestamp !== null && finishedOn === null) return true;
    }
    return false;
  }

  /**
   * Stops taking jobs and closes the connections. Running jobs finish first, or with
   * `handBack` are interrupted on their backends and put back in the queue for others.
   */
  async close(options: CloseOptions = {}): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.sweeper);
    if (options.handBack) for (const backend of this.backends) backend.stopCurrent(undefined, 'hand-back');
    this.wakeAll();
    for (const wake of this.sleepers.keys()) wake();
    this.sleepers.clear();
    await Promise.allSettled(this.loops);
    for (const { queue, worker } of this.lanes.values()) await Promise.allSettled([worker.close(), queue.close()]);
    await this.webhooks?.close();
    await this.redis.hdel(this.keys.backends, ...this.backends.map((backend) => backend.id)).catch(() => undefined);
    this.subscriber.disconnect();
    this.replicas?.redis.disconnect();
    this.redis.disconnect();
  }

  /** A listener that throws (a log sink that failed) must not stop the loop that reported the event. */
  private emitEvent(event: WorkerEvent): void {
    try {
      this.emit('event', event);
    } catch {
      // Nothing to report it to: the listener is the report.
    }
  }

  private wakeAll(): void {
    for (const wake of this.waiters.keys()) wake();
    this.waiters.clear();
  }

  /**
   * A job was added to `lane`: wake one idle backend that can serve it, preferring one with its
   * model loaded, instead of every idle one (which all raced for the one job: on a farm of 64,
   * dozens of failed takes per job, in Redis and in this process). A lane not known yet, a
   * hand-back or a retry wakes them all; a backend that takes a job wakes the next (`passOn`).
   */
  private wakeFor(lane: string): void {
    const model = this.picker.modelOf(lane);
    if (model === undefined) {
      this.wakeAll();
      return;
    }
    let chosen: (() => void) | undefined;
    for (const [wake, backend] of this.waiters) {
      if (!backend?.healthy) continue;
      const title = model === '' ? '' : backend.serves(model);
      if (title === undefined) continue;
      chosen ??= wake;
      if (model !== '' && title === backend.loaded) {
        chosen = wake;
        break;
      }
    }
    if (!chosen) return;
    this.waiters.delete(chosen);
    chosen();
  }

  /** Wakes one idle, healthy backend, if any. */
  private passOn(): void {
    for (const [wake, backend] of this.waiters) {
      if (!backend?.healthy) continue;
      this.waiters.delete(wake);
      wake();
      return;
    }
  }

  private idle(ms: number, backend?: Backend, waiters = this.waiters): Promise<void> {
    if (this.closed) return Promise.resolve();
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        waiters.delete(wake);
        resolve();
      }, ms);
      waiters.set(wake, backend);
    });
  }

  private lane(lane: string): Lane {
    let found = this.lanes.get(lane);
    if (!found) {
      const connection = bullConnection(this.options.connection, this.redis);
      const { prefix } = this.keys;
      const name = this.keys.laneQueue(lane);
      const worker = new Worker(name, null, {
        connection,
        prefix,
        autorun: false,
        lockDuration: this.settings.lockMs,
        stalledInterval: this.options.stalledCheckMs ?? 30_000,
        maxStalledCount: 2,
      });
      worker.on('error', (error) =>
        this.emitEvent({ type: 'error', backend: null, message: `lane ${lane}: ${error.message}` }),
      );
      // Stalled jobs (their worker died) go back to waiting; whoever takes one checks its last dispatch first.
      void worker.startStalledCheckTimer().catch(() => undefined);
      const created: Lane = { queue: new Queue(name, { connection, prefix }), worker, drops: 0 };
      // The connection jobs are taken on: a drop while a take is under way may have run it twice (see `take`).
      void worker.client.then((client) => client.on('close', () => created.drops++)).catch(() => undefined);
      found = created;
      this.lanes.set(lane, found);
    }
    return found;
  }

  private async take(backend: Backend, lane: string, model: string | undefined): Promise<Picked | undefined> {
    if (this.closed) return undefined;
    const token = `${backend.id}:${randomUUID()}`;
    const found = this.lane(lane);
    const drops = found.drops;
    let job: Job<JobData> | undefined;
    try {
      job = (await found.worker.getNextJob(token, { block: false })) as Job<JobData> | undefined;
    } finally {
      if (found.drops !== drops) await this.putBackTwins(backend, found, token, job?.id);
    }
    return job ? { job, token, model: modelLaneOf(lane) === ANY_LANE ? undefined : model } : undefined;
  }

  /**
   * A take whose connection dropped may have run twice: Redis ran it and its answer was lost (a
   * restart does that: the command is fsynced, the reply never leaves), and ioredis sends
   * unanswered commands again after reconnecting. The second run took another job, or none, with
   * the same token; the first job would sit in `active`, locked by a token nobody renews, until
   * the stalled check (`lockMs` + up to two `stalledCheckMs`). The token is this take's alone:
   * any other active job locked with it is put back now.
   */
  private async putBackTwins(backend: Backend, lane: Lane, token: string, kept: string | undefined): Promise<void> {
    try {
      for (const job of await lane.queue.getActive()) {
        if (job.id === undefined || job.id === kept) continue;
        if ((await this.redis.get(`${lane.queue.toKey(job.id)}:lock`)) !== token) continue;
        await job.moveToWait(token);
        await this.redis.publish(this.keys.wake, 'hand-back');
        this.emitEvent({
          type: 'job-handed-back',
          backend: backend.id,
          jobId: job.id,
          reason: 'taken twice across a Redis reconnect; put back',
        });
      }
    } catch (error) {
      // The stalled check still recovers such a job, later.
      const message = error instanceof Error ? error.message : String(error);
      this.emitEvent({ type: 'error', backend: backend.id, message: `after a reconnect: ${message}` });
    }
  }

  private async confirm(previous: Dispatch, waitMs: number | undefined): Promise<ConfirmOutcome> {
    const wait = waitMs ?? this.options.recoveryWaitMs ?? 600_000;
    const own = this.backends.find((backend) => backend.id === previous.backend);
    if (own) return confirmStopped(own.client, previous.taskId, () => own.client.interrupt(), wait);
    // Not ours: only a URL that the owning worker registered is contacted, and nothing is interrupted.
    const registered = await this.redis.hget(this.keys.backends, previous.backend);
    let url: string | undefined;
    try {
      url = registered ? (JSON.parse(registered) as BackendStatus).url : undefined;
    } catch {
      url = undefined;
    }
    if (!url || url !== previous.url) return { clear: false, found: 'unanswered' };
    return confirmStopped(createWebuiClient({ baseUrl: url, retry: { retries: 0 } }), previous.taskId, undefined, wait);
  }

  private async finished(picked: Picked, outcome: 'completed' | 'failed' | 'hand-back', value: unknown): Promise<void> {
    const { job, token } = picked;
    if (outcome === 'completed') {
      await job.moveToCompleted(value, token, false).catch(async (error: unknown) => {
        // Run, and its answer lost across a Redis restart: sent again, it finds the job completed, not locked.
        if ((await job.getState()) !== 'completed') throw error;
      });
      await this.replicated(picked, 'completion');
      const now = Date.now();
      // Throughput bookkeeping, off the job's path; trimmed so it never grows past an hour of jobs.
      // Every job BullMQ hands out has an id; the fallback only satisfies the type.
      void this.redis
        .multi()
        .zadd(this.keys.completed, now, job.id ?? `${job.name}-${now}`)
        .zremrangebyscore(this.keys.completed, '-inf', now - 3_600_000)
        .exec()
        .catch(() => undefined);
      await this.callBack(job, { result: value as StoredResult });
    } else if (outcome === 'failed') {
      await job.moveToFailed(value as Error, token, false).catch(async (error: unknown) => {
        if ((await job.getState()) !== 'failed') throw error;
      });
      if ((value as Error).message.startsWith(CANCELLED))
        await countCancelled(this.redis, this.keys, job, 'running', this.options.keepMs ?? 86_400_000);
      await this.callBack(job, { error: value as Error });
    } else {
      await job.moveToWait(token);
      await this.redis.publish(this.keys.wake, 'hand-back');
    }
  }

  /** Waits for replicas to hold the job's writes so far (`ReplicationBarrier`), when asked to. */
  private async replicated(picked: Picked, what: string): Promise<void> {
    const wait = this.replicaWait;
    if (!wait || !this.replicas) return;
    const acknowledged = await this.replicas.barrier.acknowledged();
    if (acknowledged < wait.replicas)
      this.emitEvent({
        type: 'error',
        backend: null,
        message: `${what} of job ${picked.job.id}: ${acknowledged} of ${wait.replicas} replica(s) acknowledged it within ${wait.timeoutMs} ms; going on`,
      });
  }

  /** Queues the job's webhook, when it has a callback; never fails the job (it has finished already). */
  private async callBack(job: Job<JobData>, outcome: { result: StoredResult } | { error: Error }): Promise<void> {
    const url = job.data.callbackUrl;
    if (url === undefined || job.id === undefined) return;
    if (!this.webhooks) {
      const reason = 'this worker has no webhook secret (webhooks.secret, sdwebui worker --webhook-secret)';
      this.emitEvent({ type: 'webhook-failed', jobId: job.id, host: '-', reason, attempt: 0, final: true });
      return;
    }
    try {
      await this.webhooks.enqueue(job.id, url, webhookEvent(job, outcome), job.finishedOn ?? Date.now());
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.emitEvent({ type: 'error', backend: null, message: `webhook of ${job.id}: ${message}` });
    }
  }

  private host(): BackendHost {
    return {
      closing: () => this.closed,
      pick: (backend) => this.picker.pick(backend),
      idle: (ms, backend) => this.idle(ms, backend),
      passOn: () => this.passOn(),
      pause: (ms) => this.idle(ms, undefined, this.sleepers),
      confirm: (previous, waitMs) => this.confirm(previous, waitMs),
      isCancelled: async (jobId) => (await this.redis.exists(this.keys.cancelled(jobId))) === 1,
      replicated: (picked, what) => this.replicated(picked, what),
      finished: (picked, outcome, value) => this.finished(picked, outcome, value),
      renewSlot: async (picked) => {
        if (picked.slot) await renewSlot(this.redis, picked.slot, this.settings.lockMs * 2);
      },
      releaseSlot: async (picked) => {
        if (picked.slot) await releaseSlot(this.redis, picked.slot);
      },
      report: async (status) => {
        await this.redis.hset(this.keys.backends, status.id, JSON.stringify(status));
      },
      emit: (event) => this.emitEvent(event),
      settings: this.settings,
    };
  }
}

/** Creates and starts a worker: `await createWorker({ connection, backends: [{ url }] })`. */
export function createWorker(options: WorkerOptions): Promise<SdwebuiWorker> {
  return new SdwebuiWorker(options).start();
}
