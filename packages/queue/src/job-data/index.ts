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
  submittedAt: number;
  /** Every time the job was sent to a backend, recorded *before* the request left. */
  dispatches: Dispatch[];
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
