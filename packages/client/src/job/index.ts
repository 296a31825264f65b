import { AbortError } from '../core/errors.js';

/** One progress report for a job. */
export interface JobProgress {
  /** 0–1 for this job (0 while queued). */
  progress: number;
  /** Seconds left, when the server can tell. */
  eta: number | null;
  /** Sampling step and total of the current pass, when this job is running. */
  step: number | null;
  steps: number | null;
  /** Waiting behind other jobs. */
  queued: boolean;
  /** 1-based place in the queue while queued (webui 1.6+). */
  queuePosition: number | null;
  /**
   * The server's own id of the job running now, when it reports one: SD.Next's `/sdapi/v1/progress`
   * `id` (each phase of a job, such as its inference, has its own; `/sdapi/v1/history` lists them).
   */
  serverTaskId?: string | number;
  /** The newest live preview as a data URL, when one arrived since the last report. */
  previewImage?: string;
  /** True on the last report, once the result is in. */
  done: boolean;
}

/** One poll of the server about a job. */
export interface HostProgress {
  report: Omit<JobProgress, 'done'>;
  previewId: number;
  /** The server tracks this job by its task id; false: the report is the server-wide progress. */
  tracked: boolean;
  /** Tracked: this job runs now. Untracked: some job runs now. */
  active: boolean;
  /** Tracked: this job has finished. */
  finished: boolean;
}

/** How a job reads its progress and stops itself; implemented by the client. */
export interface JobHost {
  progress(taskId: string, lastPreviewId: number, signal: AbortSignal): Promise<HostProgress>;
  interrupt(): Promise<void>;
}

export interface ProgressOptions {
  /** Time between polls in ms (default 500). */
  intervalMs?: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A running txt2img/img2img request. `await job` (or `job.result`) gives the result;
 * `job.progress()` reports on *this* job (via its task id, not the global progress);
 * `job.cancel()` aborts the request and interrupts the job on the server once it is the one
 * running, so a cancelled job never keeps the GPU busy, and other jobs are never interrupted.
 */
export class Job<T> implements PromiseLike<T> {
  readonly result: Promise<T>;
  private settled = false;
  private cancelled = false;

  constructor(
    /** The `force_task_id` this job was sent with. */
    readonly taskId: string,
    private readonly host: JobHost,
    private readonly controller: AbortController,
    run: Promise<T>,
    /** The caller's signal: aborting it cancels the job as `cancel()` does. */
    signal?: AbortSignal,
  ) {
    // Stopping the server job is best effort here; the result already rejects with AbortError.
    const onAbort = () => void this.cancel().catch(() => undefined);
    this.result = run.finally(() => {
      this.settled = true;
      signal?.removeEventListener('abort', onAbort);
    });
    this.result.catch(() => undefined);
    if (signal?.aborted) onAbort();
    else signal?.addEventListener('abort', onAbort, { once: true });
  }

  // biome-ignore lint/suspicious/noThenProperty: a Job is awaitable on purpose (`await job` gives its result).
  then<R1 = T, R2 = never>(
    onfulfilled?: ((value: T) => R1 | PromiseLike<R1>) | null,
    onrejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null,
  ): Promise<R1 | R2> {
    return this.result.then(onfulfilled, onrejected);
  }

  /**
   * Reports progress until the job ends; the last report has `done: true`. When the job fails
   * (or is cancelled) the iteration throws the job's error instead of a last report.
   */
  async *progress(options: ProgressOptions = {}): AsyncGenerator<JobProgress> {
    const intervalMs = options.intervalMs ?? 500;
    let previewId = -1;
    const poll = new AbortController();
    this.result.finally(() => poll.abort()).catch(() => undefined);
    while (!this.settled) {
      try {
        const { report, previewId: next } = await this.host.progress(this.taskId, previewId, poll.signal);
        previewId = next;
        if (!this.settled) yield { ...report, done: false };
      } catch (error) {
        if (this.settled) break;
        throw error;
      }
      await Promise.race([sleep(intervalMs), this.result.catch(() => undefined)]);
    }
    await this.result;
    yield { progress: 1, eta: 0, step: null, steps: null, queued: false, queuePosition: null, done: true };
  }

  /**
   * Aborts the request (the result rejects with `AbortError`) and stops the job on the server.
   * With task ids (webui 1.8+) only this job is interrupted, as soon as it runs (a queued job
   * when it starts); other jobs are never touched. Without them the server cannot say which job
   * runs, so the running job is interrupted if the server is busy. Resolves once the server side
   * is settled. Aborting the `signal` given to the call does the same.
   */
  async cancel(): Promise<void> {
    if (this.cancelled || this.settled) return;
    this.cancelled = true;
    this.controller.abort(new AbortError(`job ${this.taskId} cancelled`));
    await this.stopOnServer();
  }

  /**
   * Interrupts the job on the server. A request that reached the server keeps running there
   * even when aborted, so follow the task until it runs, then interrupt it. Unknown for ~1 s
   * means it never arrived.
   */
  async stopOnServer(): Promise<void> {
    let unknownPolls = 0;
    for (;;) {
      let state: HostProgress;
      try {
        state = await this.host.progress(this.taskId, -1, new AbortController().signal);
      } catch {
        return;
      }
      if (state.active) return this.host.interrupt();
      if (state.finished) return;
      if (!state.report.queued && ++unknownPolls > 10) return;
      await sleep(100);
    }
  }
}
