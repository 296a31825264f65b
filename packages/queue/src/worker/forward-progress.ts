import type { Job } from 'bullmq';
import type { JobData, ProgressData } from '../job-data/index.js';

/** Passes the SDK's progress reports on as BullMQ progress events, each change once (previews stay out of Redis). */
export async function forwardProgress(
  reports: AsyncIterable<{
    progress: number;
    eta: number | null;
    step: number | null;
    steps: number | null;
    done: boolean;
  }>,
  job: Job<JobData>,
  backend: string,
): Promise<void> {
  let last = '';
  try {
    for await (const report of reports) {
      if (report.done) break;
      const data: ProgressData = {
        backend,
        progress: report.progress,
        eta: report.eta,
        step: report.step,
        steps: report.steps,
      };
      const key = JSON.stringify(data);
      if (key === last) continue;
      last = key;
      await job.updateProgress(data as unknown as object);
    }
  } catch {
    // Progress is best effort; the run's own outcome is reported elsewhere.
  }
}
