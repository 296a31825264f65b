import type { TaskSighting } from './confirm.js';

/** Structured events a worker emits (`worker.on('event', …)`); safe to log: no credentials, no images. */
export type WorkerEvent =
  | { type: 'backend-up'; backend: string; model: string | null }
  | { type: 'backend-down'; backend: string; reason: string }
  | { type: 'model-switch'; backend: string; from: string | null; to: string }
  | { type: 'job-started'; backend: string; jobId: string; model: string | null }
  | { type: 'job-completed'; backend: string; jobId: string; ms: number }
  | { type: 'job-failed'; backend: string; jobId: string; reason: string }
  | { type: 'job-handed-back'; backend: string; jobId: string; reason: string }
  | { type: 'job-recovered'; backend: string; jobId: string; previousBackend: string; found: TaskSighting }
  | { type: 'webhook-delivered'; jobId: string; host: string; status: number; attempts: number }
  | { type: 'webhook-failed'; jobId: string; host: string; reason: string; attempt: number; final: boolean }
  | { type: 'error'; backend: string | null; message: string };
