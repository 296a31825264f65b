import type { Job } from 'bullmq';
import { CANCELLED, failureOf, type JobData, type StoredResult } from '../job-data/index.js';
import { DEFAULT_TENANT } from '../keys/index.js';

/** What a callback receives (the body of the POST, JSON), in the Standard Webhooks envelope. */
export interface WebhookEvent {
  type: 'job.completed' | 'job.failed' | 'job.cancelled';
  /** When the job finished (ISO 8601). */
  timestamp: string;
  data: {
    id: string;
    state: 'done' | 'failed' | 'cancelled';
    tenant: string;
    /** The backend that ran it (host:port), when one did. */
    backend: string | null;
    /** Result store keys of the images (read them with the queue's store), with their seeds. */
    images: Array<{ key: string; mimeType: string; seed: number | null }>;
    /** Why it failed or was cancelled; the typed error's class and kind when known. */
    error: { reason: string; name: string | null; kind: string | null } | null;
  };
}

/** The event for a job that just completed (`result`) or failed (`error`). */
export function webhookEvent(job: Job<JobData>, outcome: { result: StoredResult } | { error: Error }): WebhookEvent {
  const id = String(job.id);
  const tenant = typeof job.data.tenant === 'string' ? job.data.tenant : DEFAULT_TENANT;
  const timestamp = new Date().toISOString();
  if ('result' in outcome) {
    const images = outcome.result.images.map((image) => ({
      key: image.key,
      mimeType: image.mimeType,
      seed: image.seed ?? null,
    }));
    return {
      type: 'job.completed',
      timestamp,
      data: { id, state: 'done', tenant, backend: outcome.result.backend, images, error: null },
    };
  }
  const reason = outcome.error.message;
  const cancelled = reason.startsWith(CANCELLED);
  const origin = failureOf(job.data);
  return {
    type: cancelled ? 'job.cancelled' : 'job.failed',
    timestamp,
    data: {
      id,
      state: cancelled ? 'cancelled' : 'failed',
      tenant,
      backend: job.data.dispatches?.at(-1)?.backend ?? null,
      images: [],
      error: { reason, name: origin?.name ?? null, kind: origin?.kind ?? null },
    },
  };
}
