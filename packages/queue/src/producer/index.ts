import { createHash, randomUUID } from 'node:crypto';
import type { Img2imgParams, Txt2imgParams } from '@sdwebui/client';
import { type Job, Queue, QueueEvents } from 'bullmq';
import { openRedis, redisOptions, type Connection } from '../connection/index.js';
import { QueueConfigError } from '../errors/index.js';
import type { JobData } from '../job-data/index.js';
import { checkJobId, laneFor, queueKeys, type QueueKeys } from '../keys/index.js';
import { readStats, type QueueStats } from '../stats/index.js';
import { createFileStore, defaultStoreDir, type ResultStore } from '../store/index.js';
import { storeInputs } from './inputs.js';
import { QueuedJob, type JobLane } from './queued-job.js';

export interface QueueOptions {
  /** Redis: `redis://host:port` (e.g. `process.env.REDIS_URL`) or ioredis options. */
  connection: Connection;
  /** Queue name, shared by producers and workers (default `sdwebui`; letters, digits, `-`, `_`). */
  name?: string;
  /** Where images are stored (default: files under `<os tmpdir>/sdwebui-queue/<name>`). Workers must use the same. */
  store?: ResultStore;
  /** How long finished jobs (and their results) are kept, in ms (default 24 h). */
  keepMs?: number;
}

export interface SubmitOptions {
  /** 1 (first) … 2,097,152 (last); default 1000. Jobs of equal priority run in submission order. */
  priority?: number;
  /** Checkpoint (title, file name or hash): only backends that have it run the job, preferably one with it loaded. */
  model?: string;
  /** Longest time one run on a backend may take, in ms; the job is then interrupted and failed. */
  timeoutMs?: number;
  /** Same key, same job: a second submission returns the first job instead of adding another. */
  idempotencyKey?: string;
}

export interface JobSummary {
  id: string;
  state: string;
  model: string | undefined;
  prompt: string | undefined;
  backend: string | undefined;
  submittedAt: number;
  finishedAt: number | undefined;
  failedReason: string | undefined;
}

const MAX_PRIORITY = 2_097_152;

/**
 * The producer side: submit jobs, re-attach to them by id, read stats. One Redis connection of
 * its own plus BullMQ's per lane used.
 */
export class SdwebuiQueue {
  readonly keys: QueueKeys;
  readonly store: ResultStore;
  private readonly redis;
  private readonly keepMs: number;
  private readonly lanes = new Map<string, Promise<JobLane>>();

  constructor(private readonly options: QueueOptions) {
    this.keys = queueKeys(options.name);
    this.store = options.store ?? createFileStore({ dir: defaultStoreDir(this.keys.name) });
    this.keepMs = options.keepMs ?? 86_400_000;
    this.redis = openRedis(options.connection);
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

  /** Waiting, active per backend, completed, failed and throughput over the last minute. */
  stats(): Promise<QueueStats> {
    return readStats(this.redis, this.keys, (lane) => this.laneQueue(lane));
  }

  /** The newest jobs across all lanes (default 50), newest first. */
  async list(limit = 50): Promise<JobSummary[]> {
    const lanes = await this.redis.hkeys(this.keys.lanes);
    const jobs = [];
    for (const lane of lanes) {
      const queue = (await this.lane(lane)).queue;
      jobs.push(
        ...(await queue.getJobs(['active', 'prioritized', 'waiting', 'delayed', 'completed', 'failed'], 0, limit - 1)),
      );
    }
    return jobs
      .filter((job): job is Job & { id: string } => Boolean(job?.id))
      .sort((a, b) => b.timestamp - a.timestamp)
      .slice(0, limit)
      .map((job) => {
        const data = job.data as JobData;
        const state = job.finishedOn
          ? job.failedReason
            ? 'failed'
            : 'completed'
          : job.processedOn
            ? 'active'
            : 'waiting';
        return {
          id: job.id,
          state,
          model: data.model,
          prompt: typeof data.params?.prompt === 'string' ? data.params.prompt : undefined,
          backend: (job.returnvalue as { backend?: string } | null)?.backend ?? data.dispatches?.at(-1)?.backend,
          submittedAt: data.submittedAt,
          finishedAt: job.finishedOn,
          failedReason: job.failedReason || undefined,
        };
      });
  }

  /** Closes the connections; jobs already queued stay queued. */
  async close(): Promise<void> {
    const lanes = await Promise.allSettled(this.lanes.values());
    for (const lane of lanes) {
      if (lane.status === 'fulfilled') await Promise.all([lane.value.events.close(), lane.value.queue.close()]);
    }
    this.redis.disconnect();
  }

  private indexKey(id: string): string {
    return `${this.keys.lanes}:job:${id}`;
  }

  private laneQueue(lane: string): Promise<Queue> {
    return this.lane(lane).then((value) => value.queue);
  }

  private lane(lane: string): Promise<JobLane> {
    let found = this.lanes.get(lane);
    if (!found) {
      const connection = redisOptions(this.options.connection);
      const queue = new Queue(this.keys.laneQueue(lane), { connection });
      const events = new QueueEvents(this.keys.laneQueue(lane), { connection });
      events.setMaxListeners(0);
      const cancelKey = (id: string) => this.keys.cancelled(id);
      found = events.waitUntilReady().then(() => ({
        queue,
        events,
        store: this.store,
        requestCancel: async (id: string) => {
          await this.redis.set(cancelKey(id), '1', 'PX', this.keepMs);
          await this.redis.publish(this.keys.cancel, id);
        },
        wasCancelled: async (id: string) => (await this.redis.exists(cancelKey(id))) === 1,
        position: async (id: string) => {
          // BullMQ names a `prioritized` key for every queue; the check narrows the index signature.
          const prioritized = queue.keys.prioritized;
          if (prioritized === undefined) throw new Error('BullMQ gave the queue no prioritized key');
          const rank = await this.redis.zrank(prioritized, id);
          return rank === null ? null : rank + 1;
        },
      }));
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
    const id =
      options.idempotencyKey !== undefined
        ? `k-${createHash('sha256').update(`${this.keys.name}\n${options.idempotencyKey}`).digest('hex').slice(0, 40)}`
        : `j-${randomUUID().replaceAll('-', '')}`;
    const wanted = laneFor(options.model);
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
      if (found !== claim) return this.lane(laneOfClaim(found) ?? wanted);
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
      submittedAt: Date.now(),
      dispatches: [],
    };
    const keepSeconds = Math.ceil(this.keepMs / 1000);
    await lane.queue.add(kind, data, {
      jobId: id,
      priority: options.priority,
      attempts: 1,
      removeOnComplete: { age: keepSeconds },
      removeOnFail: { age: keepSeconds },
    });
    await this.redis.publish(this.keys.wake, wanted);
    return lane;
  }
}

/** The lane of an index entry (`<lane> <submission>`; entries without a submission part are a lane alone). */
function laneOfClaim(entry: string | null): string | undefined {
  return entry === null ? undefined : entry.split(' ')[0];
}

/** A producer for one queue: submit jobs (`txt2img`, `img2img`) and follow them (`get`, `list`, `stats`); `close()` when done. */
export function createQueue(options: QueueOptions): SdwebuiQueue {
  return new SdwebuiQueue(options);
}
