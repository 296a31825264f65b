import { createHash, randomUUID } from 'node:crypto';
import type { Img2imgParams, Txt2imgParams } from '@sdwebui/client';
import { type Job, Queue, QueueEvents } from 'bullmq';
import { bullConnection, openRedis, type Connection, type RedisClient } from '../connection/index.js';
import { checkReplicaWait, ReplicationBarrier, type ReplicaWait } from '../connection/replicas.js';
import { QueueConfigError, QueueConnectionError } from '../errors/index.js';
import type { JobData } from '../job-data/index.js';
import { jobState } from '../job-state/index.js';
import { checkJobId, checkTenant, laneFor, queueKeys, tenantKey, type QueueKeys } from '../keys/index.js';
import { readStats, type QueueStats } from '../stats/index.js';
import { createFileStore, defaultStoreDir, type ResultStore } from '../store/index.js';
import { admit } from '../tenants/admission.js';
import {
  readTenantLimits,
  tenantRules,
  writeTenantLimits,
  type TenantLimits,
  type TenantRule,
} from '../tenants/index.js';
import { checkCallbackUrl } from '../webhooks/callback-url.js';
import { storeInputs } from './inputs.js';
import { jobLane } from './job-lane.js';
import { QueuedJob, type JobLane } from './queued-job.js';
import { summarize, type JobSummary } from './summary.js';

export type { JobSummary } from './summary.js';

export interface QueueOptions {
  /** Redis: `redis://host:port` (e.g. `process.env.REDIS_URL`) or ioredis options. */
  connection: Connection;
  /** Queue name, shared by producers and workers (default `sdwebui`; letters, digits, `-`, `_`). */
  name?: string;
  /** Where images are stored (default: files under `<os tmpdir>/sdwebui-queue/<name>`). Workers must use the same. */
  store?: ResultStore;
  /** How long finished jobs (and their results) are kept, in ms (default 24 h). */
  keepMs?: number;
  /**
   * Limits per tenant, published in Redis for every producer and worker of the queue (the last
   * writer wins, per tenant): `{ 'team-a': { weight: 2, maxRunning: 4, maxWaiting: 100 } }`.
   * Tenants not named here have weight 1 and no caps; `default` is the tenant of jobs submitted without one.
   */
  tenants?: Record<string, TenantLimits>;
  /**
   * With replicas (Sentinel): a submission is accepted (`job.accepted`, `await job`) only once this
   * many replicas hold it (Redis `WAIT`), so a failover right after cannot lose it; else `accepted`
   * rejects with `QueueConnectionError` (the job may still run: submit it again with the same
   * `idempotencyKey` to be sure). `{ replicas: 1, timeoutMs: 1000 }`; not on a Cluster.
   */
  waitForReplicas?: ReplicaWait;
}

export interface SubmitOptions {
  /** 1 (first) … 2,097,152 (last); default 1000. Jobs of equal priority run in submission order. Ordered within a tenant. */
  priority?: number;
  /** Checkpoint (title, file name or hash): only backends that have it run the job, preferably one with it loaded. */
  model?: string;
  /** Longest time one run on a backend may take, in ms; the job is then interrupted and failed. */
  timeoutMs?: number;
  /** Same key, same job: a second submission returns the first job instead of adding another. */
  idempotencyKey?: string;
  /**
   * Who the job is for (a team, a user, an API key's id; 1–100 characters, shown on the dashboard:
   * never a secret). Competing tenants share the backends by weight; default `default`.
   */
  tenant?: string;
  /** An http(s) URL the worker POSTs the outcome to, signed (Standard Webhooks), when the job completes or fails. */
  callbackUrl?: string;
}

const MAX_PRIORITY = 2_097_152;
const LIST_STATES = [['active'], ['prioritized', 'waiting', 'delayed'], ['completed'], ['failed']] as const;

/**
 * The producer side: submit jobs, re-attach to them by id, read stats. One Redis connection of
 * its own plus BullMQ's per lane used.
 */
export class SdwebuiQueue {
  readonly keys: QueueKeys;
  readonly store: ResultStore;
  private readonly redis;
  private readonly keepMs: number;
  private readonly replicaWait: Required<ReplicaWait> | undefined;
  /** Its own connection, when waiting for replicas: `WAIT` blocks the connection it runs on. */
  private readonly replicas: { barrier: ReplicationBarrier; redis: RedisClient } | undefined;
  private readonly lanes = new Map<string, Promise<JobLane>>();
  private readonly readers = new Map<string, Queue>();
  /** The tenant limits given to this queue, once published. */
  private readonly ready: Promise<void>;
  private limits: { at: number; rules: Map<string, TenantRule> } | undefined;
  private readonly named = new Set<string>();

  constructor(private readonly options: QueueOptions) {
    this.keys = queueKeys(options.name);
    this.store = options.store ?? createFileStore({ dir: defaultStoreDir(this.keys.name) });
    this.keepMs = options.keepMs ?? 86_400_000;
    this.replicaWait = checkReplicaWait(options.waitForReplicas, options.connection);
    const rules = tenantRules(options.tenants ?? {});
    this.redis = openRedis(options.connection);
    if (this.replicaWait) {
      const redis = openRedis(options.connection);
      this.replicas = { redis, barrier: new ReplicationBarrier(redis, this.keys.replicationMarker, this.replicaWait) };
    }
    this.ready = writeTenantLimits(this.redis, this.keys, rules);
    this.ready.catch(() => undefined);
  }

  /** Queues a txt2img job. Returns at once; `await` it for the images. */
  txt2img(params: Txt2imgParams, options: SubmitOptions = {}): QueuedJob {
    return this.submit('txt2img', params as Record<string, unknown>, [], undefined, options);
  }

  /** Queues an img2img job; input images are put in the store, not in Redis. */
  img2img(params: Img2imgParams, options: SubmitOptions = {}): QueuedJob {
    const { init_images, mask, ...rest } = params;
    return this.submit('img2img', rest as Record<string, unknown>, init_images, mask ?? undefined, options);
  }

  /** Re-attaches to a job by id (from any process). Unknown ids reject on use with `JobNotFoundError`. */
  get(id: string): QueuedJob {
    checkJobId(id);
    const lane = this.redis.get(this.indexKey(id)).then((found) => this.lane(laneOfClaim(found) ?? laneFor(undefined)));
    return new QueuedJob(id, lane);
  }

  /** Totals, per tenant and per backend, and why nothing would run when that is so (`notice`). */
  async stats(): Promise<QueueStats> {
    await this.ready;
    return readStats(this.redis, this.keys);
  }

  /** The newest jobs across all lanes (default 50), newest first, in the states `queue ls` shows. */
  async list(limit = 50): Promise<JobSummary[]> {
    const summaries: JobSummary[] = [];
    for (const lane of await this.redis.hkeys(this.keys.lanes)) {
      const queue = this.reader(lane);
      for (const states of LIST_STATES) {
        // Waiting jobs in the order they will be taken (priority, then age: ascending), so the index is their place
        // in line; finished ones newest first.
        for (const [index, job] of (
          await queue.getJobs([...states], 0, limit - 1, states[0] === 'prioritized')
        ).entries()) {
          if (!job?.id) continue;
          const state = jobState(states[0], job.failedReason, false);
          if (state)
            summaries.push(summarize(job as Job & { id: string }, state, state === 'waiting' ? index + 1 : null));
        }
      }
    }
    return summaries.sort((a, b) => b.submittedAt - a.submittedAt).slice(0, limit);
  }

  /** Closes the connections; jobs already queued stay queued. */
  async close(): Promise<void> {
    const lanes = await Promise.allSettled(this.lanes.values());
    for (const lane of lanes) {
      if (lane.status === 'fulfilled') await Promise.all([lane.value.events.close(), lane.value.queue.close()]);
    }
    await Promise.allSettled([...this.readers.values()].map((queue) => queue.close()));
    this.replicas?.redis.disconnect();
    this.redis.disconnect();
  }

  private indexKey(id: string): string {
    return `${this.keys.lanes}:job:${id}`;
  }

  /** A lane's BullMQ queue for reading only, on this producer's own connection (none opened per lane). */
  private reader(lane: string): Queue {
    let queue = this.readers.get(lane);
    if (!queue) {
      queue = new Queue(this.keys.laneQueue(lane), { connection: this.redis, prefix: this.keys.prefix });
      this.readers.set(lane, queue);
    }
    return queue;
  }

  /** Tenant limits as published in Redis, re-read at most once a second. */
  private async tenantRule(key: string, name: string): Promise<TenantRule> {
    await this.ready;
    if (!this.limits || Date.now() - this.limits.at > 1_000)
      this.limits = { at: Date.now(), rules: await readTenantLimits(this.redis, this.keys) };
    return this.limits.rules.get(key) ?? { name, weight: 1, maxRunning: undefined, maxWaiting: undefined };
  }

  private lane(lane: string): Promise<JobLane> {
    let found = this.lanes.get(lane);
    if (!found) {
      const connection = bullConnection(this.options.connection, this.redis);
      const { prefix } = this.keys;
      const queue = new Queue(this.keys.laneQueue(lane), { connection, prefix });
      const events = new QueueEvents(this.keys.laneQueue(lane), { connection, prefix });
      events.setMaxListeners(0);
      found = events.waitUntilReady().then(() =>
        jobLane(queue, events, {
          keys: this.keys,
          redis: this.redis,
          keepMs: this.keepMs,
          store: this.store,
          tenantRule: (key, name) => this.tenantRule(key, name),
        }),
      );
      this.lanes.set(lane, found);
    }
    return found;
  }

  private submit(
    kind: JobData['kind'],
    params: Record<string, unknown>,
    images: Img2imgParams['init_images'],
    mask: Img2imgParams['mask'],
    options: SubmitOptions,
  ): QueuedJob {
    const priority = options.priority ?? 1000;
    if (!Number.isInteger(priority) || priority < 1 || priority > MAX_PRIORITY) {
      throw new QueueConfigError(`priority must be an integer from 1 to ${MAX_PRIORITY}`);
    }
    if (options.tenant !== undefined) checkTenant(options.tenant);
    if (options.callbackUrl !== undefined) checkCallbackUrl(options.callbackUrl);
    const id =
      options.idempotencyKey !== undefined
        ? `k-${createHash('sha256').update(`${this.keys.name}\n${options.idempotencyKey}`).digest('hex').slice(0, 40)}`
        : `j-${randomUUID().replaceAll('-', '')}`;
    const wanted = laneFor(options.model, options.tenant);
    const lane = this.add(id, wanted, kind, params, images, mask, { ...options, priority });
    return new QueuedJob(id, lane);
  }

  private async add(
    id: string,
    wanted: string,
    kind: JobData['kind'],
    params: Record<string, unknown>,
    images: Img2imgParams['init_images'],
    mask: Img2imgParams['mask'],
    options: SubmitOptions & { priority: number },
  ): Promise<JobLane> {
    // The index entry decides: a second submission with the same idempotency key joins the first job.
    // It names this submission too: a SET that Redis ran but whose answer a restart lost is sent again by
    // ioredis and answers "exists" the second time; the entry then still shows it was this submission's.
    const claim = `${wanted} ${randomUUID()}`;
    const claimed = await this.redis.set(this.indexKey(id), claim, 'PX', this.keepMs * 2, 'NX');
    if (claimed !== 'OK') {
      const found = await this.redis.get(this.indexKey(id));
      if (found !== claim) {
        const joined = await this.lane(laneOfClaim(found) ?? wanted);
        // The job joined was written before this call (or is being written by its first submission, which
        // waits for itself): the same wait covers it. Submitting again after a refused wait is how the
        // refusal's message says to make sure.
        if (this.replicaWait) await this.acknowledgedBy(id, this.replicaWait);
        return joined;
      }
    }
    const key = tenantKey(options.tenant);
    const rule = await this.tenantRule(key, options.tenant ?? 'default');
    if (options.tenant !== undefined && key !== '' && !this.named.has(key)) {
      await this.redis.hset(this.keys.tenants, key, options.tenant);
      this.named.add(key);
    }
    await this.redis.hset(this.keys.lanes, wanted, options.model?.trim() ?? '');
    const lane = await this.lane(wanted);
    const inputs =
      images.length > 0 || mask ? await storeInputs(this.store, id, mask ? [...images, mask] : images) : undefined;
    const data: JobData = {
      kind,
      params,
      ...(inputs ? { inputs, hasMask: mask != null } : {}),
      ...(options.model !== undefined ? { model: options.model } : {}),
      ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
      ...(options.tenant !== undefined ? { tenant: options.tenant } : {}),
      ...(options.callbackUrl !== undefined ? { callbackUrl: options.callbackUrl } : {}),
      submittedAt: Date.now(),
      dispatches: [],
    };
    const keepSeconds = Math.ceil(this.keepMs / 1000);
    try {
      await admit(this.redis, this.keys, key, rule, () =>
        lane.queue.add(kind, data, {
          jobId: id,
          priority: options.priority,
          attempts: 1,
          removeOnComplete: { age: keepSeconds },
          removeOnFail: { age: keepSeconds },
        }),
      );
    } catch (error) {
      // Refused (over quota): nothing of it stays, so the same idempotency key may be submitted again.
      await this.redis.del(this.indexKey(id)).catch(() => undefined);
      if (inputs) await this.store.deleteJob(id).catch(() => undefined);
      throw error;
    }
    if (this.replicaWait) await this.replicated(lane, id, this.replicaWait);
    await this.redis.publish(this.keys.wake, wanted);
    return lane;
  }

  /** Waits for replicas to hold every write so far; refuses the submission when too few did in time. */
  private async acknowledgedBy(id: string, wait: Required<ReplicaWait>): Promise<void> {
    const acknowledged = (await this.replicas?.barrier.acknowledged()) ?? 0;
    if (acknowledged < wait.replicas)
      throw new QueueConnectionError(
        `job ${id}: ${acknowledged} of ${wait.replicas} replica(s) acknowledged it within ${wait.timeoutMs} ms; ` +
          'it may run, or be lost if the primary fails now: submit it again with the same idempotencyKey to be sure',
      );
  }

  /**
   * Waits for replicas to hold the job (`ReplicationBarrier`), then checks the job is there: had the
   * primary failed in between, the barrier's `WAIT` went to the new primary, which may lack the job.
   */
  private async replicated(lane: JobLane, id: string, wait: Required<ReplicaWait>): Promise<void> {
    await this.acknowledgedBy(id, wait);
    if ((await this.redis.hexists(this.keys.laneJob(laneOfQueue(lane, this.keys), id), 'timestamp')) !== 1)
      throw new QueueConnectionError(`job ${id} was lost in a Redis failover before a replica had it: submit it again`);
  }
}

/** The lane of a lane's BullMQ queue (`<queue name>.<lane>`). */
function laneOfQueue(lane: JobLane, keys: QueueKeys): string {
  return lane.queue.name.slice(keys.name.length + 1);
}

/** The lane of an index entry (`<lane> <submission>`; entries without a submission part are a lane alone). */
function laneOfClaim(entry: string | null): string | undefined {
  return entry === null ? undefined : entry.split(' ')[0];
}

/** A producer for one queue: submit jobs (`txt2img`, `img2img`) and follow them (`get`, `list`, `stats`); `close()` when done. */
export function createQueue(options: QueueOptions): SdwebuiQueue {
  return new SdwebuiQueue(options);
}
