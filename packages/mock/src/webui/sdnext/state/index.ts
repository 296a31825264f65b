import { randomUUID } from 'node:crypto';
import { timestamp } from '../../jobs/state.js';
import { pyFloat, type PyFloat } from '../../python/index.js';

/** One entry of `/sdapi/v1/history` (`ResHistory`). */
export interface HistoryEntry {
  id: number | string;
  job: string;
  op: 'begin' | 'end' | 'output';
  /** `time.time()` of the begin, or of the end for `end` entries. */
  timestamp: PyFloat | null;
  duration: PyFloat | null;
  outputs: string[];
}

/** `state_history` keeps this many entries, dropping the oldest (`shared_state.py`). */
export const HISTORY_LIMIT = 10_000;

/**
 * SD.Next's global `shared.state` (`modules/shared_state.py`), which `/progress`, `/status` and
 * `/history` read. Every `begin(title)` draws a new 15-hex id, resets the counters and logs a
 * history entry; every `end(id)` logs one (with the duration since that id's begin) and clears
 * the state. A generation nests many of them (API-TXT, Process, Base, Params, Inference, VAE
 * Decode), so the reported id changes during one request. Times are seconds, as Python's.
 */
export class SdnextState {
  /** An int 0 until the first job (the class attribute), then a string; `""` after `clear()`. */
  id: number | string = 0;
  skipped = false;
  interrupted = false;
  paused = false;
  job = '';
  jobNo = 0;
  jobCount = 0;
  frameCount = 0;
  totalJobs = 0;
  jobTimestamp = '0';
  samplingStep = 0;
  samplingSteps = 0;
  batchNo = 0;
  batchCount = 0;
  textinfo: string | null = null;
  /** The preview as the API encodes it (base64), null when there is none. */
  currentImage: string | null = null;
  timeStart: number | null = null;
  duration: number | null = null;
  readonly history: HistoryEntry[] = [];

  constructor(readonly serverStart: number) {}

  clear(): void {
    this.id = '';
    this.job = '';
    this.jobCount = 0;
    this.jobNo = 0;
    this.frameCount = 0;
    this.duration = null;
    this.paused = false;
  }

  /** Starts a (nested) job and returns its id. An interrupt survives only into `Save…` jobs. */
  begin(title: string, now: number): string {
    this.clear();
    if (!title.startsWith('Save')) this.interrupted = false;
    this.skipped = false;
    this.totalJobs++;
    this.currentImage = null;
    const id = randomUUID().replaceAll('-', '').slice(0, 15);
    this.id = id;
    this.job = title;
    this.jobCount = 1;
    this.batchNo = 0;
    this.batchCount = 0;
    this.jobTimestamp = timestamp(new Date(now * 1000));
    this.samplingStep = 0;
    this.samplingSteps = 0;
    this.textinfo = null;
    this.timeStart = now;
    this.log('begin', id);
    return id;
  }

  /** Ends the job `taskId` began: the entry takes that job's name and duration, then the state clears. */
  end(taskId: string, now: number): void {
    const begun = this.find(taskId);
    if (begun !== undefined) {
      this.id = begun.id;
      this.job = begun.job;
      this.duration = begun.timestamp === null ? null : Math.round((now - begun.timestamp.value) * 1000) / 1000;
    }
    this.timeStart = now;
    this.log('end', taskId);
    this.clear();
  }

  /** `update(job, steps, jobs)`: a pipeline announces its steps before it runs. */
  update(steps: number, jobs: number): void {
    this.samplingSteps += steps * jobs;
    this.jobCount += jobs;
  }

  /** `nextjob()`: a pass is done. */
  nextJob(): void {
    this.jobNo++;
  }

  interrupt(): void {
    this.interrupted = true;
  }

  skip(): void {
    this.skipped = true;
  }

  /** `state.dict()`: the snapshot `/progress` carries. */
  dict(): Record<string, boolean | string | number> {
    return {
      skipped: this.skipped,
      interrupted: this.interrupted,
      job: this.job,
      job_count: this.jobCount,
      job_timestamp: this.jobTimestamp,
      job_no: this.jobNo,
      sampling_step: this.samplingStep,
      sampling_steps: this.samplingSteps,
    };
  }

  /** `/history[?id=]`: every entry, or those whose id equals `id` (an int compared as its text). */
  entries(id?: string): HistoryEntry[] {
    return id === undefined ? this.history : this.history.filter((entry) => entry.id === id);
  }

  private find(taskId: string): HistoryEntry | undefined {
    for (let i = this.history.length - 1; i >= 0; i--) {
      if (this.history[i]?.id === taskId) return this.history[i];
    }
    return undefined;
  }

  private log(op: HistoryEntry['op'], id: number | string): void {
    const duration = this.duration === null ? null : pyFloat(this.duration);
    const time = this.timeStart === null ? null : pyFloat(this.timeStart);
    this.history.push({ id, job: this.job.toLowerCase(), op, timestamp: time, duration, outputs: [] });
    if (this.history.length > HISTORY_LIMIT) this.history.shift();
  }
}
