import type { JobProgress, ProgressOptions } from '@sdwebui/client';
import type { Job, Queue, QueueEvents } from 'bullmq';
import { JobCancelledError, JobFailedError, JobNotFoundError, QueueError } from '../errors/index.js';
import { CANCELLED, failureOf, type ProgressData, type StoredResult } from '../job-data/index.js';
import { jobEvents, type JobEventKind } from '../job-events/index.js';
import { jobState } from '../job-state/index.js';
import { loadResult, type QueueResult } from '../result/index.js';
import type { ResultStore } from '../store/index.js';
import { summarize, type JobSummary } from './summary.js';

/** A queued job's progress: the SDK's report plus the backend running it. */
export interface QueuedJobProgress extends JobProgress {
  /** The backend running the job, once it runs. */
  backend: string | null;
}

/** What a `QueuedJob` needs from its queue. */
export interface JobLane {
  queue: Queue;
  events: QueueEvents;
  store: ResultStore;
  /** Asks the worker running the job to stop it (pub/sub) and marks it cancelled. */
  requestCancel(id: string): Promise<void>;
  wasCancelled(id: string): Promise<boolean>;
  /** Counts a job cancelled while it waited (it is removed, so BullMQ no longer counts it). */
  removedWaiting(job: Job): Promise<void>;
  /** Puts a failed or cancelled job back in its lane, within its tenant's `maxWaiting`. */
  readmit(job: Job): Promise<void>;
  /** 1-based place among the waiting jobs of the lane, or null. */
  position(id: string): Promise<number | null>;
}

type Finish = { kind: JobEventKind; data?: unknown; returnvalue?: unknown };

/** The next event of one job on its lane, or nothing after `ms`; `stop()` ends the wait at once. */
interface NextEvent {
  arrived: Promise<Finish | undefined>;
  /** Removes the listeners and the timer: a finished wait must not keep the process alive. */
  stop(): void;
}

function nextEvent(events: QueueEvents, id: string, ms: number): NextEvent {
  let timer: NodeJS.Timeout | undefined;
  let resolveArrived!: (value: Finish | undefined) => void;
  const arrived = new Promise<Finish | undefined>((resolve) => (resolveArrived = resolve));
  const done = (value: Finish | undefined) => {
    clearTimeout(timer);
    unlisten();
    resolveArrived(value);
  };
  const unlisten = jobEvents(events).listen(id, (kind, args) =>
    done({ kind, data: args.data, returnvalue: args.returnvalue }),
  );
  timer = setTimeout(() => done(undefined), ms);
  return { arrived, stop: () => done(undefined) };
}

/** A completion event's result as the worker stored it (read back from Redis: checked, else the job is read). */
function isStoredResult(value: unknown): value is StoredResult {
  const stored = value as Partial<StoredResult> | null;
  return (
    typeof stored === 'object' &&
    stored !== null &&
    typeof stored.backend === 'string' &&
    Array.isArray(stored.images) &&
    stored.images.every((image) => typeof image?.key === 'string' && typeof image.mimeType === 'string')
  );
}

/**
 * A job in the queue, from any process. `await job` gives the SDK's decoded result (images
 * read back from the result store); `progress()` and `cancel()` work as on the SDK's `Job`.
 */
export class QueuedJob implements PromiseLike<QueueResult> {
  private resultPromise: Promise<QueueResult> | undefined;

  constructor(
    /** The queue-wide job id (pass it to `queue.get(id)` in another process). */
    readonly id: string,
    private readonly lane: Promise<JobLane>,
  ) {
    lane.catch(() => undefined);
  }

  /** Resolves once Redis holds the job (acknowledged: with AOF on, it survives a Redis restart). */
  get accepted(): Promise<void> {
    return this.lane.then(() => undefined);
  }

  /**
   * The finished result; rejects with `JobFailedError` (its `errorName`/`errorKind` name the typed
   * error that failed the job, e.g. `NotFoundError`/`unknown-name`), `JobCancelledError` or `JobNotFoundError`.
   */
  get result(): Promise<QueueResult> {
    this.resultPromise ??= this.waitForResult();
    return this.resultPromise;
  }

  // biome-ignore lint/suspicious/noThenProperty: a QueuedJob is deliberately awaitable (`await queue.txt2img(...)`).
  then<R1 = QueueResult, R2 = never>(
    onfulfilled?: ((value: QueueResult) => R1 | PromiseLike<R1>) | null,
    onrejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null,
  ): Promise<R1 | R2> {
    return this.result.then(onfulfilled, onrejected);
  }

  /** The BullMQ state: `waiting`, `prioritized`, `active`, `completed`, `failed`, `delayed`, or `unknown`. */
  async state(): Promise<string> {
    const { queue } = await this.lane;
    return queue.getJobState(this.id);
  }

  /**
   * The job in the words `sdwebui queue status` uses: `waiting` (with its place in line),
   * `running`, `done`, `failed` or `cancelled`, its tenant, backend and failure reason.
   */
  async summary(): Promise<JobSummary> {
    const lane = await this.lane;
    const bullState = await lane.queue.getJobState(this.id);
    const job = bullState === 'unknown' ? undefined : await lane.queue.getJob(this.id);
    if (!job?.id) {
      if (await lane.wasCancelled(this.id)) return cancelledSummary(this.id);
      throw new JobNotFoundError(this.id);
    }
    const state = jobState(bullState, job.failedReason, false) ?? 'waiting';
    const position = state === 'waiting' ? await lane.position(this.id) : null;
    return summarize(job as Job & { id: string }, state, position);
  }

  /**
   * Runs a failed (or cancelled-while-running) job again: it goes back to the end of its lane with
   * its send count reset, counted against its tenant's `maxWaiting` (`QuotaError` past it). A job
   * cancelled while it waited was removed and cannot be retried.
   */
  async retry(): Promise<void> {
    const lane = await this.lane;
    const job = await lane.queue.getJob(this.id);
    if (!job) throw new JobNotFoundError(this.id);
    const state = await job.getState();
    if (state !== 'failed')
      throw new QueueError(
        `job ${this.id} is ${jobState(state, undefined, false)}: only a failed or cancelled job can be retried`,
      );
    const data = job.data as { dispatches?: Array<{ settled?: boolean }>; handBacks?: number; failure?: unknown };
    // An unsettled last send is kept: whoever takes the job asks that backend about it first.
    const last = Array.isArray(data.dispatches) ? data.dispatches.at(-1) : undefined;
    const { failure: _failure, handBacks: _handBacks, ...rest } = data;
    await job.updateData({ ...rest, dispatches: last && last.settled === false ? [last] : [] });
    this.resultPromise = undefined;
    await lane.readmit(job);
  }

  private async job(): Promise<Job> {
    const { queue } = await this.lane;
    const job = await queue.getJob(this.id);
    if (!job) throw new JobNotFoundError(this.id);
    return job;
  }

  /** The outcome once finished, else undefined. The state is read before the job, so the job read is never older. */
  private async settle(lane: JobLane): Promise<QueueResult | undefined> {
    const state = await lane.queue.getJobState(this.id);
    if (state !== 'completed' && state !== 'failed' && state !== 'unknown') return undefined;
    const job = await lane.queue.getJob(this.id);
    if (!job) {
      if (await lane.wasCancelled(this.id)) throw new JobCancelledError(this.id);
      throw new JobNotFoundError(this.id);
    }
    if (state === 'completed') return loadResult(lane.store, job.returnvalue as StoredResult);
    if (state === 'failed') {
      if (job.failedReason?.startsWith(CANCELLED)) throw new JobCancelledError(this.id);
      throw new JobFailedError(this.id, job.failedReason ?? 'unknown', failureOf(job.data));
    }
    return undefined;
  }

  private async waitForResult(): Promise<QueueResult> {
    const lane = await this.lane;
    for (;;) {
      // Listen before reading the state, so a finish between the two is not missed.
      const event = nextEvent(lane.events, this.id, 5_000);
      try {
        const result = await this.settle(lane);
        if (result) return result;
        const finish = await event.arrived;
        // The completion event carries the stored result: no need to read the job's state and hash again
        // (two scripts and a hash read per job, for a producer awaiting thousands).
        if (finish?.kind === 'completed' && isStoredResult(finish.returnvalue))
          return loadResult(lane.store, finish.returnvalue);
      } finally {
        event.stop();
      }
    }
  }

  /** The report for now, or undefined once the job has finished. */
  private async report(lane: JobLane): Promise<QueuedJobProgress | undefined> {
    const base = { eta: null, step: null, steps: null, backend: null, done: false } as const;
    const job = await this.job();
    const state = await job.getState();
    if (state === 'completed' || state === 'failed') return undefined;
    if (state !== 'active') return { ...base, progress: 0, queued: true, queuePosition: await lane.position(this.id) };
    const data = (typeof job.progress === 'object' ? job.progress : {}) as Partial<ProgressData>;
    return {
      ...base,
      progress: data.progress ?? 0,
      eta: data.eta ?? null,
      step: data.step ?? null,
      steps: data.steps ?? null,
      backend: data.backend ?? null,
      queued: false,
      queuePosition: null,
    };
  }

  /** Reports queue position while waiting, then the worker's progress, until the job ends (last report: `done`). */
  async *progress(options: ProgressOptions = {}): AsyncGenerator<QueuedJobProgress> {
    const intervalMs = options.intervalMs ?? 500;
    const lane = await this.lane;
    let last: string | undefined;
    for (;;) {
      const event = nextEvent(lane.events, this.id, intervalMs);
      try {
        const report = await this.report(lane);
        if (report === undefined) break;
        const key = JSON.stringify(report);
        if (key !== last) yield report;
        last = key;
        await event.arrived;
      } finally {
        event.stop();
      }
    }
    const result = await this.result;
    yield {
      progress: 1,
      eta: 0,
      step: null,
      steps: null,
      queued: false,
      queuePosition: null,
      backend: result.backend,
      done: true,
    };
  }

  /**
   * Cancels the job: a waiting job is removed from the queue; a running job is interrupted on
   * its backend only (other jobs there are never touched). Resolves once the job is gone or
   * failed as cancelled; a job already finished stays as it is.
   */
  async cancel(): Promise<void> {
    const lane = await this.lane;
    const job = await lane.queue.getJob(this.id);
    if (!job || job.finishedOn) return;
    // Mark first: a worker that picks the job up in the meantime sees the mark before sending it.
    await lane.requestCancel(this.id);
    const state = await job.getState();
    if (state !== 'active') {
      try {
        await job.remove();
        await lane.removedWaiting(job);
        return;
      } catch {
        // It became active in between: the worker got the cancel request.
      }
    }
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      const event = nextEvent(lane.events, this.id, 1_000);
      try {
        const current = await lane.queue.getJob(this.id);
        if (!current || current.finishedOn) return;
        await event.arrived;
      } finally {
        event.stop();
      }
    }
  }
}

/** A job cancelled while it waited: removed from BullMQ, known only by its cancel mark. */
function cancelledSummary(id: string): JobSummary {
  return {
    id,
    state: 'cancelled',
    tenant: undefined,
    model: undefined,
    prompt: undefined,
    backend: undefined,
    submittedAt: 0,
    finishedAt: undefined,
    failedReason: 'cancelled before it started',
    position: null,
  };
}
