import { CANCELLED } from '../job-data/index.js';

/**
 * A job's state in the words `queue status`, `queue ls`, the totals and the dashboard all use
 * (BullMQ's `prioritized`, `delayed` and `active` are its own business).
 */
export type JobState = 'waiting' | 'running' | 'done' | 'failed' | 'cancelled';

/**
 * The state of a job from BullMQ's, its failure reason, and whether a cancel mark exists for it
 * (a job cancelled while waiting is removed, so only the mark is left). Undefined: no such job.
 */
export function jobState(
  bullState: string,
  failedReason: string | undefined,
  cancelMarked: boolean,
): JobState | undefined {
  switch (bullState) {
    case 'completed':
      return 'done';
    case 'failed':
      return failedReason?.startsWith(CANCELLED) ? 'cancelled' : 'failed';
    case 'active':
      return 'running';
    case 'unknown':
      return cancelMarked ? 'cancelled' : undefined;
    default:
      // waiting, prioritized, delayed, paused, waiting-children: not started.
      return 'waiting';
  }
}
