import type { WebuiClient } from '@sdwebui/client';

/** What the backend said about an earlier dispatch's task. */
export type TaskSighting = 'unknown' | 'queued' | 'active' | 'completed' | 'unanswered' | 'unsupported';

export interface ConfirmOutcome {
  /** `true`: the task is not queued or running there any more, so the job may be sent again. */
  clear: boolean;
  /** What the first look found. */
  found: TaskSighting;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function look(client: WebuiClient, taskId: string): Promise<TaskSighting> {
  try {
    const { data, response } = await client.raw.POST('/internal/progress', {
      body: { id_task: taskId, id_live_preview: -1, live_preview: false },
      signal: AbortSignal.timeout(5_000),
    });
    // No per-task progress at all (`--nowebui`, before 1.6): asking again will not help.
    if (response.status === 404) return 'unsupported';
    if (!response.ok || !data) return 'unanswered';
    // Finished first: a server may keep reporting its last task as active after it ended.
    if (data.completed) return 'completed';
    if (data.active) return 'active';
    return data.queued ? 'queued' : 'unknown';
  } catch {
    return 'unanswered';
  }
}

/**
 * Makes sure an earlier dispatch is no longer queued or running on its backend before the job
 * is sent again, through the webui's per-task progress. A running task is interrupted when
 * `interrupt` is given (the worker owns that backend), else waited for. A backend that cannot
 * answer (no `/internal/progress`, unreachable) leaves the outcome uncertain: never re-send then.
 */
export async function confirmStopped(
  client: WebuiClient,
  taskId: string,
  interrupt: (() => Promise<void>) | undefined,
  waitMs: number,
): Promise<ConfirmOutcome> {
  const deadline = Date.now() + waitMs;
  let found: TaskSighting | undefined;
  let unanswered = 0;
  let interrupted = false;
  while (Date.now() < deadline) {
    const seen = await look(client, taskId);
    found ??= seen;
    if (seen === 'unknown' || seen === 'completed') return { clear: true, found };
    if (seen === 'unsupported') return { clear: false, found };
    if (seen === 'unanswered') {
      if (++unanswered >= 5) return { clear: false, found };
    } else if (seen === 'active' && interrupt && !interrupted) {
      // Only the running task is interrupted, and only because it is this job's.
      interrupted = true;
      await interrupt().catch(() => undefined);
    }
    await sleep(seen === 'unanswered' ? 1_000 : 100);
  }
  return { clear: false, found: found ?? 'unanswered' };
}
