import type { FailureOrigin } from '../errors/index.js';

/** What a producer puts in Redis for one job: no image bytes (inputs are store keys). */
export interface JobData {
  kind: 'txt2img' | 'img2img';
  /** The webui request fields; for img2img without `init_images`/`mask` (see `inputs`). */
  params: Record<string, unknown>;
  /** img2img: store keys of `init_images`, then of the mask when `hasMask`. */
  inputs?: string[];
  hasMask?: boolean;
  /** Requested checkpoint (title, file name or hash), or none: any loaded model will do. */
  model?: string;
  /** Longest time one run on a backend may take. */
  timeoutMs?: number;
  /** The tenant it was submitted for (absent: the default tenant). */
  tenant?: string;
  /** Where the worker POSTs the outcome, signed (see `webhooks`). */
  callbackUrl?: string;
  submittedAt: number;
  /** Every time the job was sent to a backend, recorded *before* the request left. */
  dispatches: Dispatch[];
  /** Times a backend gave the job back unsent or unfinished (not counting shutdowns); bounded by `maxHandBacks`. */
  handBacks?: number;
  /** The typed error the job failed with, written by the worker just before it fails the job. */
  failure?: FailureOrigin;
}

/** One send of a job to a backend; the task id is the webui's `force_task_id`. */
export interface Dispatch {
  backend: string;
  /** The backend's base URL without credentials (so a worker owning it can look the task up). */
  url: string;
  taskId: string;
  at: number;
  /** The outcome is known (answered, or confirmed unknown/stopped on the backend): no check needed. */
  settled: boolean;
}

/** A finished job's return value in Redis: references into the result store, never bytes. */
export interface StoredResult {
  backend: string;
  images: Array<{ key: string; mimeType: string; infotext: string | undefined; seed: number | undefined }>;
  info: Record<string, unknown>;
  parameters: Record<string, unknown>;
}

/** What the worker reports through BullMQ progress events (previews stay out of Redis). */
export interface ProgressData {
  backend: string;
  progress: number;
  eta: number | null;
  step: number | null;
  steps: number | null;
}

/** Failure reasons start with this when the job was cancelled. */
export const CANCELLED = 'cancelled';

const FAILURE_NAME = /^[A-Za-z][A-Za-z0-9]{0,63}$/;
const FAILURE_KIND = /^[a-z][a-z0-9-]{0,31}$/;

/** The recorded failure origin, when it has the shape a worker writes (job data is read back from Redis). */
export function failureOf(data: unknown): FailureOrigin | undefined {
  const failure = (data as { failure?: unknown } | null | undefined)?.failure as Partial<FailureOrigin> | undefined;
  if (typeof failure?.name !== 'string' || !FAILURE_NAME.test(failure.name)) return undefined;
  return typeof failure.kind === 'string' && FAILURE_KIND.test(failure.kind)
    ? { name: failure.name, kind: failure.kind }
    : { name: failure.name };
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * What is wrong with a job's data, or undefined: a worker runs only jobs of the shape a producer
 * writes. Anything else (written by hand, by another version, or damaged) fails once, never
 * reaching a backend.
 */
export function malformedJob(data: unknown): string | undefined {
  if (!isObject(data)) return 'the job data is not an object';
  if (data.kind !== 'txt2img' && data.kind !== 'img2img') return 'kind is neither txt2img nor img2img';
  if (!isObject(data.params)) return 'params is not an object';
  if (data.inputs !== undefined && !(Array.isArray(data.inputs) && data.inputs.every((key) => typeof key === 'string')))
    return 'inputs is not a list of store keys';
  if (data.model !== undefined && typeof data.model !== 'string') return 'model is not a string';
  if (data.timeoutMs !== undefined && !(typeof data.timeoutMs === 'number' && data.timeoutMs > 0))
    return 'timeoutMs is not a positive number';
  if (data.dispatches !== undefined && !Array.isArray(data.dispatches)) return 'dispatches is not a list';
  if (data.handBacks !== undefined && !Number.isInteger(data.handBacks)) return 'handBacks is not a whole number';
  if (data.tenant !== undefined && typeof data.tenant !== 'string') return 'tenant is not a string';
  if (data.callbackUrl !== undefined && typeof data.callbackUrl !== 'string') return 'callbackUrl is not a string';
  return undefined;
}
