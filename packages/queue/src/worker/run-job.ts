import {
  ApiError,
  BadResponseError,
  ConnectionError,
  ResponseTooLargeError,
  TimeoutError,
  type GenerationOptions,
  type GenerationResult,
  type WebuiClient,
} from '@sdwebui/client';
import type { Job } from 'bullmq';
import { DispatchUncertainError, type FailureOrigin } from '../errors/index.js';
import { CANCELLED, malformedJob, type Dispatch, type JobData, type StoredResult } from '../job-data/index.js';
import { saveResult } from '../result/index.js';
import type { ResultStore } from '../store/index.js';
import type { ConfirmOutcome } from './confirm.js';
import { forwardProgress } from './forward-progress.js';
import type { BeforeSend } from './send-hook.js';
import { originOf, unsentFault } from './unsent.js';

/** Header naming the queue job on every generation request (request logs, proxies). */
export const JOB_HEADER = 'x-sdwebui-queue-job';

/** How a run ended, for the backend's bookkeeping. */
export type RunOutcome =
  | { kind: 'completed'; result: StoredResult }
  | { kind: 'failed'; reason: string; backendFault: boolean; origin?: FailureOrigin }
  | { kind: 'hand-back'; reason: string; backendFault: boolean }
  | { kind: 'lost' };

/** Everything one run needs from the backend that runs it. */
export interface RunContext {
  backend: string;
  url: string;
  client: WebuiClient;
  store: ResultStore;
  setBeforeSend(hook: BeforeSend | undefined): void;
  /** The checkpoint title to load (already resolved), or none. */
  model: string | undefined;
  /** Checks an earlier unsettled dispatch (see `confirmStopped`). */
  confirm(previous: Dispatch): Promise<ConfirmOutcome>;
  /** Registers what `cancel` and shutdown call to stop this run. */
  onStop(stop: (why: 'cancel' | 'hand-back') => void): void;
  isCancelled(): Promise<boolean>;
  /** Waits for replicas to hold the dispatch record (`waitForReplicas`), before the request leaves. */
  replicated(): Promise<void>;
  maxDispatches: number;
  /** Hand-backs of one job (shutdowns not counted) before it fails. */
  maxHandBacks: number;
  progressIntervalMs: number;
  recovered(previous: Dispatch, outcome: ConfirmOutcome): void;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const MALFORMED: FailureOrigin = { name: 'QueueConfigError' };

/** The failure's origin, for an error that has a class worth naming. */
function withOrigin(error: unknown): { origin?: FailureOrigin } {
  const origin = originOf(error);
  return origin ? { origin } : {};
}

async function buildParams(job: Job<JobData>, store: ResultStore): Promise<Record<string, unknown>> {
  const data = job.data;
  if (data.kind !== 'img2img' || !data.inputs) return data.params;
  const images = await Promise.all(data.inputs.map((key) => store.get(key)));
  const mask = data.hasMask ? images.pop() : undefined;
  return { ...data.params, init_images: images, ...(mask ? { mask } : {}) };
}

/**
 * Runs one job on one backend. The dispatch is recorded in Redis before the request leaves,
 * and the job is only sent again (by whichever backend takes it next) when the request never
 * left, was refused at connect, or the backend confirms the task is unknown or stopped.
 */
export async function runJob(job: Job<JobData>, ctx: RunContext): Promise<RunOutcome> {
  // BullMQ hands a worker only jobs it has stored, and every stored job has an id.
  const jobId = job.id;
  if (jobId === undefined) throw new Error('BullMQ handed the worker a job without an id');
  const malformed = malformedJob(job.data);
  if (malformed !== undefined)
    return { kind: 'failed', reason: `malformed job: ${malformed}`, backendFault: false, origin: MALFORMED };
  const data = job.data;
  data.dispatches ??= [];
  if (await ctx.isCancelled()) return { kind: 'failed', reason: `${CANCELLED} before it started`, backendFault: false };
  /** Back to the queue for another backend, counted: a job no backend can take fails after `maxHandBacks`. */
  const handBack = async (reason: string, error: unknown): Promise<RunOutcome> => {
    data.handBacks = (data.handBacks ?? 0) + 1;
    if (data.handBacks >= ctx.maxHandBacks) {
      const given = `handed back ${data.handBacks} times; last: ${reason}`;
      return { kind: 'failed', reason: given, backendFault: true, ...withOrigin(error) };
    }
    await job.updateData(data);
    return { kind: 'hand-back', reason, backendFault: true };
  };

  const previous = data.dispatches.at(-1);
  if (previous && !previous.settled) {
    const outcome = await ctx.confirm(previous);
    ctx.recovered(previous, outcome);
    if (!outcome.clear) {
      const reason =
        `sent to ${previous.backend} as ${previous.taskId}, which cannot say whether it ran ` +
        `(${outcome.found}); not sent again`;
      return {
        kind: 'failed',
        reason: new DispatchUncertainError(reason).message,
        backendFault: false,
        origin: { name: 'DispatchUncertainError' },
      };
    }
    previous.settled = true;
    await job.updateData(data);
  }
  if (data.dispatches.length >= ctx.maxDispatches) {
    return {
      kind: 'failed',
      reason: `sent ${data.dispatches.length} times without a result; giving up`,
      backendFault: false,
    };
  }

  let dispatch: Dispatch | undefined;
  ctx.setBeforeSend(async (taskId) => {
    dispatch = { backend: ctx.backend, url: ctx.url, taskId, at: Date.now(), settled: false };
    data.dispatches.push(dispatch);
    await job.updateData(data);
    await ctx.replicated();
    return { [JOB_HEADER]: jobId };
  });
  let stopWhy: 'cancel' | 'hand-back' | undefined;
  let stopping: Promise<void> | undefined;
  try {
    const params = await buildParams(job, ctx.store);
    const options: GenerationOptions = {
      ...(ctx.model ? { model: ctx.model } : {}),
      ...(data.timeoutMs ? { timeoutMs: data.timeoutMs } : {}),
    };
    const sdkJob =
      data.kind === 'img2img' ? ctx.client.img2img(params as never, options) : ctx.client.txt2img(params, options);
    ctx.onStop((why) => {
      stopWhy ??= why;
      stopping ??= sdkJob.cancel().catch(() => undefined);
    });
    // The first report waits one interval: a short job then costs the backend no progress polls.
    const settled = sdkJob.result.then(
      () => true,
      () => true,
    );
    void Promise.race([sleep(ctx.progressIntervalMs), settled]).then(async () => {
      if (!(await Promise.race([settled, Promise.resolve(false)]))) {
        await forwardProgress(sdkJob.progress({ intervalMs: ctx.progressIntervalMs }), job, ctx.backend);
      }
    });
    let result: GenerationResult;
    try {
      result = await sdkJob;
    } catch (error) {
      if (error instanceof TimeoutError) await sdkJob.cancel();
      throw error;
    }
    // The backend answered: whatever goes wrong from here, sending the job again would not help.
    try {
      return { kind: 'completed', result: await saveResult(ctx.store, jobId, ctx.backend, result) };
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      return {
        kind: 'failed',
        reason: `the result could not be stored: ${message}`,
        backendFault: false,
        ...withOrigin(error),
      };
    }
  } catch (error) {
    // A stopped job is settled on the backend (interrupted, or never started) before anything else.
    await stopping;
    if (stopWhy === 'cancel')
      return { kind: 'failed', reason: `${CANCELLED} while running on ${ctx.backend}`, backendFault: false };
    const message = error instanceof Error ? error.message : String(error);
    if (stopWhy === 'hand-back') {
      if (dispatch) {
        dispatch.settled = true;
        await job.updateData(data);
      }
      return { kind: 'hand-back', reason: 'worker shutting down', backendFault: false };
    }
    if (!dispatch) {
      // Refused before sending: a job that cannot run anywhere fails once; a backend that could not take it hands it back.
      if (unsentFault(error, ctx.model !== undefined) === 'job')
        return { kind: 'failed', reason: message, backendFault: false, ...withOrigin(error) };
      return handBack(`not sent: ${message}`, error);
    }
    if (error instanceof ConnectionError && error.code === 'ECONNREFUSED') {
      dispatch.settled = true;
      return handBack(`refused: ${message}`, error);
    }
    if (error instanceof TimeoutError)
      return {
        kind: 'failed',
        reason: `timed out after ${data.timeoutMs} ms on ${ctx.backend}`,
        backendFault: false,
        ...withOrigin(error),
      };
    // The backend answered, with something that is no result (too large, too many images, not images):
    // sending the job again would bring the same answer.
    if (error instanceof BadResponseError || error instanceof ResponseTooLargeError)
      return { kind: 'failed', reason: message, backendFault: false, ...withOrigin(error) };
    if (error instanceof ApiError)
      return {
        kind: 'failed',
        reason: message,
        backendFault: error.status >= 500 && error.errorClass === undefined,
        ...withOrigin(error),
      };
    // The request may have reached the backend: ask it before anything is sent again.
    const outcome = await ctx.confirm(dispatch);
    ctx.recovered(dispatch, outcome);
    if (!outcome.clear)
      return {
        kind: 'failed',
        reason: new DispatchUncertainError(`${message}; ${ctx.backend} cannot say whether ${dispatch.taskId} ran`)
          .message,
        backendFault: true,
        origin: { name: 'DispatchUncertainError' },
      };
    dispatch.settled = true;
    return handBack(`${message} (task ${outcome.found} on the backend)`, error);
  } finally {
    ctx.setBeforeSend(undefined);
  }
}
