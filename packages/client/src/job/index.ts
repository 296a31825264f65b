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
  /** The newest live preview as a data URL, when one arrived since the last report. */
  previewImage?: string;
  /** True on the last report, once the result is in. */
  done: boolean;
}

/** How a job reads its progress and stops itself; implemented by the client. */
export interface JobHost {
  progress(taskId: string, lastPreviewId: number, signal: AbortSignal): Promise<{ report: Omit<JobProgress, 'done'>; previewId: number; active: boolean; finished: boolean }>;
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
  ) {
    this.result = run.finally(() => {
      this.settled = true;
    });
    this.result.catch(() => undefined);
  }

  then<R1 = T, R2 = never>(onfulfilled?: ((value: T) => R1 | PromiseLike<R1>) | null, onrejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null): Promise<R1 | R2> {
    return this.result.then(onfulfilled, onrejected);
  }

  /** Reports progress until the job ends; the last report has `done: true` (not sent if the job failed). */
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
   * Aborts the request (the result rejects with `AbortError`) and interrupts the job on the
   * server when it is running; a job still queued is interrupted as soon as it starts. Resolves
   * when the server side is settled (or when the server cannot report per-task progress).
   */
  async cancel(): Promise<void> {
    if (this.cancelled) return;
    this.cancelled = true;
    this.controller.abort(new AbortError(`job ${this.taskId} cancelled`));
    // A request that reached the server keeps running there even when aborted, so follow the
    // task until it runs, then interrupt it. Unknown for ~1 s means it never arrived.
    let unknownPolls = 0;
    for (;;) {
      let state;
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
