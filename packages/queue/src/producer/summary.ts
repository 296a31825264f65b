import type { Job } from 'bullmq';
import { DEFAULT_TENANT } from '../keys/index.js';
import type { JobData } from '../job-data/index.js';
import type { JobState } from '../job-state/index.js';

/** One job as `queue.list()`, `job.summary()`, `sdwebui queue ls` and the dashboard show it. */
export interface JobSummary {
  id: string;
  /** `waiting`, `running`, `done`, `failed` or `cancelled`: the same words everywhere. */
  state: JobState;
  /** Its tenant (`default` when submitted without one); unknown for a job cancelled while waiting (removed). */
  tenant: string | undefined;
  model: string | undefined;
  prompt: string | undefined;
  backend: string | undefined;
  submittedAt: number;
  finishedAt: number | undefined;
  failedReason: string | undefined;
  /** 1-based place among the waiting jobs of its lane, while it waits (else null). */
  position: number | null;
}

/** The summary of a BullMQ job whose state is known. Job data is read back from Redis: only its expected shapes are used. */
export function summarize(job: Job & { id: string }, state: JobState, position: number | null = null): JobSummary {
  const data = (job.data ?? {}) as Partial<JobData>;
  const prompt = data.params?.prompt;
  const backend = (job.returnvalue as { backend?: unknown } | null)?.backend;
  const dispatched = Array.isArray(data.dispatches) ? data.dispatches.at(-1)?.backend : undefined;
  return {
    id: job.id,
    state,
    tenant: typeof data.tenant === 'string' ? data.tenant : DEFAULT_TENANT,
    model: typeof data.model === 'string' ? data.model : undefined,
    prompt: typeof prompt === 'string' ? prompt : undefined,
    backend: typeof backend === 'string' ? backend : typeof dispatched === 'string' ? dispatched : undefined,
    submittedAt: typeof data.submittedAt === 'number' ? data.submittedAt : job.timestamp,
    finishedAt: job.finishedOn,
    failedReason: job.failedReason || undefined,
    position,
  };
}
