import {
  createLongRunningFetch,
  createWebuiClient,
  resolveModelIn,
  type Model,
  type WebuiClient,
  type WebuiClientOptions,
} from '@sdwebui/client';
import { UnrecoverableError, type Job } from 'bullmq';
import { QueueConfigError } from '../errors/index.js';
import type { Dispatch, JobData } from '../job-data/index.js';
import type { BackendStatus } from '../stats/index.js';
import type { ConfirmOutcome } from './confirm.js';
import type { WorkerEvent } from './events.js';
import { runJob } from './run-job.js';
import { createSendHook } from './send-hook.js';
import type { RunningSlot } from '../tenants/running-slots.js';

/** One webui the worker feeds. */
export interface BackendConfig {
  /**
   * Base URL, e.g. `http://gpu-1:7860`; `user:pass@` in it is taken as `auth` and never logged. Only
   * scheme, host, port and path are kept and published: a query or fragment is dropped.
   */
  url: string;
  /** `--api-auth` credentials. */
  auth?: WebuiClientOptions['auth'];
  /** Checkpoints this backend may serve (default: every one it has installed). */
  models?: string[];
}

/** A job taken from a lane, with the BullMQ lock token it was taken with. */
export interface Picked {
  job: Job<JobData>;
  token: string;
  /** Checkpoint title to load for it, when the job names a model. */
  model: string | undefined;
  /** The tenant's running slot, when its `maxRunning` is set: renewed with the lock, released after the run. */
  slot?: RunningSlot;
}

/** What a backend needs from the worker that runs it. */
export interface BackendHost {
  closing(): boolean;
  pick(backend: Backend): Promise<Picked | undefined>;
  /**
   * Waits `ms`, or less when a job this backend could take is added (pub/sub), one is handed back,
   * or the worker closes. `backend`: the idle backend, so that a new job wakes one that can serve it.
   */
  idle(ms: number, backend?: Backend): Promise<void>;
  /** Wakes one more idle backend: this one took a job, and more may be waiting. */
  passOn(): void;
  /** Waits `ms`, or less when the worker closes: not woken by jobs. */
  pause(ms: number): Promise<void>;
  confirm(previous: Dispatch, waitMs: number | undefined): Promise<ConfirmOutcome>;
  isCancelled(jobId: string): Promise<boolean>;
  /** Waits for replicas to hold the job's writes so far (`waitForReplicas`); an event when too few did. */
  replicated(picked: Picked, what: string): Promise<void>;
  finished(picked: Picked, outcome: 'completed' | 'failed' | 'hand-back', value: unknown): Promise<void>;
  report(status: BackendStatus): Promise<void>;
  renewSlot(picked: Picked): Promise<void>;
  releaseSlot(picked: Picked): Promise<void>;
  emit(event: WorkerEvent): void;
  settings: {
    healthIntervalMs: number;
    unhealthyAfter: number;
    maxDispatches: number;
    maxHandBacks: number;
    maxResponseBytes: number;
    progressIntervalMs: number;
    lockMs: number;
    store: import('../store/index.js').ResultStore;
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Longest failure reason kept in Redis: reasons quote backends' answers, which are untrusted. */
const MAX_REASON_CHARS = 2_000;
/** A down backend's reason is published with its status, refreshed every health check: kept short. */
const MAX_DOWN_REASON_CHARS = 300;
const capReason = (reason: string, max = MAX_REASON_CHARS) =>
  reason.length > max ? `${reason.slice(0, max)}… (cut)` : reason;

function splitUrl(config: BackendConfig): { url: string; auth: WebuiClientOptions['auth'] | undefined } {
  let parsed: URL;
  try {
    parsed = new URL(config.url);
  } catch {
    throw new QueueConfigError('a backend URL is not a URL (expected http://host:port)');
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')
    throw new QueueConfigError(`a backend URL must be http(s) (got ${parsed.protocol})`);
  const auth =
    config.auth ??
    (parsed.username ? `${decodeURIComponent(parsed.username)}:${decodeURIComponent(parsed.password)}` : undefined);
  // The backend's identity is published (Redis, dispatch records, `queue status`): scheme, host, port
  // and path only. User info is taken as `auth`; the query and fragment, which may carry a token, are
  // dropped (the SDK never sends them either).
  parsed.username = '';
  parsed.password = '';
  parsed.search = '';
  parsed.hash = '';
  return { url: parsed.toString().replace(/\/+$/, ''), auth };
}

/**
 * One webui behind the queue, run with concurrency 1: a webui runs one job at a time, and
 * more would only queue inside it, hidden from the queue. Health checks take it out of
 * rotation and put it back.
 */
export class Backend {
  readonly id: string;
  readonly url: string;
  client: WebuiClient;
  healthy = false;
  loaded: string | null = null;
  /** Why it left rotation (the last failed check, or the refusal), shown in `queue status`; null while up. */
  private downReason: string | null = null;
  private installed: Model[] = [];
  private failures = 0;
  private activeJob: string | null = null;
  private counts = { completed: 0, failed: 0, modelSwitches: 0 };
  private stop: ((why: 'cancel' | 'hand-back') => void) | undefined;
  /** A stop that came before the run could register how to stop (between taking the job and sending it). */
  private pendingStop: 'cancel' | 'hand-back' | undefined;
  private readonly hook;

  constructor(
    private readonly config: BackendConfig,
    private readonly host: BackendHost,
  ) {
    const { url, auth } = splitUrl(config);
    this.url = url;
    this.id = new URL(url).host;
    this.hook = createSendHook(createLongRunningFetch());
    this.auth = auth;
    this.client = this.newClient();
  }

  private readonly auth: WebuiClientOptions['auth'] | undefined;

  /** Sticky model mode: the model is switched with POST /options only when it differs. */
  private newClient(): WebuiClient {
    return createWebuiClient({
      baseUrl: this.url,
      ...(this.auth ? { auth: this.auth } : {}),
      fetch: this.hook.fetch,
      modelMode: 'sticky',
      retry: { retries: 1, minDelayMs: 100 },
      maxResponseBytes: this.host.settings.maxResponseBytes,
    });
  }

  /** The checkpoint title this backend would load for `model`, or undefined when it cannot serve it. */
  serves(model: string): string | undefined {
    let title: string;
    try {
      title = resolveModelIn(this.installed, model).model.title;
    } catch {
      return undefined;
    }
    if (!this.config.models) return title;
    const allowed = this.config.models.some((name) => {
      try {
        return resolveModelIn(this.installed, name).model.title === title;
      } catch {
        return false;
      }
    });
    return allowed ? title : undefined;
  }

  status(): BackendStatus {
    return {
      id: this.id,
      url: this.url,
      healthy: this.healthy,
      downReason: this.healthy ? null : this.downReason,
      model: this.loaded,
      activeJob: this.activeJob,
      ...this.counts,
      updatedAt: Date.now(),
    };
  }

  /** Stops the running job: `cancel` fails it, `hand-back` returns it to the queue. */
  stopCurrent(jobId: string | undefined, why: 'cancel' | 'hand-back'): boolean {
    if (this.activeJob === null || (jobId !== undefined && jobId !== this.activeJob)) return false;
    if (this.stop) this.stop(why);
    else this.pendingStop ??= why;
    return true;
  }

  async checkHealth(): Promise<void> {
    try {
      this.installed = await this.client.listModels({ timeoutMs: 5_000 });
      if (!this.healthy) {
        // A webui that was down may have restarted with another model: forget what the client cached.
        if (this.activeJob === null) this.client = this.newClient();
        this.loaded =
          ((await this.client.getOptions({ timeoutMs: 5_000 })).sd_model_checkpoint as string | undefined) ?? null;
        this.healthy = true;
        this.host.emit({ type: 'backend-up', backend: this.id, model: this.loaded });
      }
      this.failures = 0;
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      // Before the first answer it is down already; say why from the first failed check.
      if (!this.healthy) this.downReason = capReason(reason, MAX_DOWN_REASON_CHARS);
      if (++this.failures >= this.host.settings.unhealthyAfter) this.markDown(reason);
    }
    await this.host.report(this.status()).catch(() => undefined);
  }

  private markDown(reason: string): void {
    if (!this.healthy) return;
    this.healthy = false;
    this.downReason = capReason(reason, MAX_DOWN_REASON_CHARS);
    this.host.emit({ type: 'backend-down', backend: this.id, reason });
  }

  /** Health checks until the worker closes. */
  async healthLoop(): Promise<void> {
    while (!this.host.closing()) {
      await this.checkHealth();
      // Not `idle`: a check per backend for every job added would be thousands a second on a big farm.
      await this.host.pause(this.host.settings.healthIntervalMs);
    }
  }

  /** Takes and runs jobs one at a time until the worker closes. */
  async runLoop(): Promise<void> {
    while (!this.host.closing()) {
      if (!this.healthy) {
        await this.host.idle(this.host.settings.healthIntervalMs);
        continue;
      }
      let picked: Picked | undefined;
      try {
        picked = await this.host.pick(this);
      } catch (error) {
        this.host.emit({
          type: 'error',
          backend: this.id,
          message: `taking a job: ${error instanceof Error ? error.message : String(error)}`,
        });
        await sleep(500);
        continue;
      }
      if (!picked) await this.host.idle(1_000, this);
      else {
        this.host.passOn();
        await this.run(picked).catch((error) =>
          this.host.emit({
            type: 'error',
            backend: this.id,
            message: `job ${picked.job.id}: ${error instanceof Error ? error.message : String(error)}`,
          }),
        );
      }
    }
  }

  private async run(picked: Picked): Promise<void> {
    const { job, token } = picked;
    const jobId = job.id;
    // BullMQ only hands out stored jobs, and every stored job has an id.
    if (jobId === undefined) throw new Error('BullMQ handed the worker a job without an id');
    const started = Date.now();
    this.activeJob = jobId;
    // Status reports are for visibility only: never on the job's path.
    void this.host.report(this.status()).catch(() => undefined);
    this.host.emit({ type: 'job-started', backend: this.id, jobId, model: picked.model ?? null });
    const lockMs = this.host.settings.lockMs;
    const renew = setInterval(() => {
      const failed = (error: Error) =>
        this.host.emit({ type: 'error', backend: this.id, message: `lock of ${jobId}: ${error.message}` });
      job.extendLock(token, lockMs).catch(failed);
      this.host.renewSlot(picked).catch(failed);
    }, lockMs / 2);
    try {
      if (picked.model && picked.model !== this.loaded) {
        this.host.emit({ type: 'model-switch', backend: this.id, from: this.loaded, to: picked.model });
        this.counts.modelSwitches++;
      }
      const outcome = await runJob(job, {
        backend: this.id,
        url: this.url,
        client: this.client,
        store: this.host.settings.store,
        setBeforeSend: (hook) => this.hook.setBeforeSend(hook),
        model: picked.model,
        confirm: (previous) => this.host.confirm(previous, job.data.timeoutMs),
        onStop: (stop) => {
          this.stop = stop;
          if (this.pendingStop) stop(this.pendingStop);
        },
        isCancelled: () => this.host.isCancelled(jobId),
        replicated: () => this.host.replicated(picked, 'dispatch record'),
        maxDispatches: this.host.settings.maxDispatches,
        maxHandBacks: this.host.settings.maxHandBacks,
        progressIntervalMs: this.host.settings.progressIntervalMs,
        recovered: (previous, found) => {
          this.host.emit({
            type: 'job-recovered',
            backend: this.id,
            jobId,
            previousBackend: previous.backend,
            found: found.found,
          });
        },
      });
      if (picked.model && outcome.kind !== 'hand-back') this.loaded = picked.model;
      if (outcome.kind === 'completed') {
        this.counts.completed++;
        await this.host.finished(picked, 'completed', outcome.result);
        this.host.emit({ type: 'job-completed', backend: this.id, jobId, ms: Date.now() - started });
      } else if (outcome.kind === 'failed') {
        this.counts.failed++;
        // The producer reads the typed error's class from the job: written before the job fails.
        if (outcome.origin) await job.updateData({ ...job.data, failure: outcome.origin });
        await this.host.finished(picked, 'failed', new UnrecoverableError(capReason(outcome.reason)));
        this.host.emit({ type: 'job-failed', backend: this.id, jobId, reason: outcome.reason });
        if (outcome.backendFault) this.markDown(outcome.reason);
      } else if (outcome.kind === 'hand-back') {
        await this.host.finished(picked, 'hand-back', undefined);
        this.host.emit({ type: 'job-handed-back', backend: this.id, jobId, reason: outcome.reason });
        if (outcome.backendFault) this.markDown(outcome.reason);
      }
    } finally {
      clearInterval(renew);
      await this.host
        .releaseSlot(picked)
        .catch((error: Error) =>
          this.host.emit({ type: 'error', backend: this.id, message: `slot of ${jobId}: ${error.message}` }),
        );
      this.stop = undefined;
      this.pendingStop = undefined;
      this.activeJob = null;
      void this.host.report(this.status()).catch(() => undefined);
    }
  }
}
