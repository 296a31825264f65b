import { randomInt } from 'node:crypto';

/**
 * `shared.state` of the webui: one global record of the running job that `/progress` reads.
 * After a job ends, `job` and `job_count` reset but the step counters keep their last values,
 * as the real server's do.
 */
export class SharedState {
  skipped = false;
  interrupted = false;
  stoppingGeneration = false;
  job = '';
  jobCount = 0;
  jobNo = 0;
  jobTimestamp = '0';
  samplingStep = 0;
  samplingSteps = 0;
  timeStart = 0;
  textinfo: string | null = null;
  /** Counter of live previews made during the current job. */
  idLivePreview = -1;
  /** Base64 PNG of the latest preview, if any. */
  currentImage: string | null = null;

  begin(job: string, now: number): void {
    this.skipped = false;
    this.interrupted = false;
    this.stoppingGeneration = false;
    this.job = job;
    this.jobCount = -1;
    this.jobNo = 0;
    this.samplingStep = 0;
    this.timeStart = now;
    this.textinfo = null;
    this.currentImage = null;
    this.idLivePreview = 0;
    this.jobTimestamp = timestamp(new Date(now));
  }

  end(): void {
    this.job = '';
    this.jobCount = 0;
    this.currentImage = null;
  }
}

/** `datetime.now().strftime("%Y%m%d%H%M%S")`: the job timestamp both webuis write, in local time. */
export function timestamp(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}${pad(date.getMonth() + 1)}${pad(date.getDate())}${pad(date.getHours())}${pad(date.getMinutes())}${pad(date.getSeconds())}`;
}

const TASK_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/** `task(txt2img-XXXXXXX)`, the id the webui makes when the client sends no `force_task_id`. */
export function newTaskId(kind: 'txt2img' | 'img2img'): string {
  let suffix = '';
  for (let i = 0; i < 7; i++) suffix += TASK_CHARS[randomInt(TASK_CHARS.length)];
  return `task(${kind}-${suffix})`;
}

/** `modules/progress.py`: pending tasks in arrival order, the current one, the last 16 finished. */
export class TaskRegistry {
  readonly pending: string[] = [];
  current: string | null = null;
  readonly finished: string[] = [];

  add(id: string): void {
    this.pending.push(id);
  }

  start(id: string): void {
    this.current = id;
    const index = this.pending.indexOf(id);
    if (index >= 0) this.pending.splice(index, 1);
  }

  /** `finish_task`: the task is no longer current (an exception skips this, so a failed id stays current). */
  finish(id: string): void {
    if (this.current === id) this.current = null;
    this.finished.push(id);
    if (this.finished.length > 16) this.finished.shift();
  }
}
