import { call } from '../core/call.js';
import type { ClientContext } from './context.js';
import { ApiError } from '../core/errors.js';
import type { HostProgress, JobHost } from '../job/index.js';
import { interrupt } from './interrupt.js';

const QUEUE_POSITION = /In queue: (\d+)\/\d+/;

async function taskProgress(
  ctx: ClientContext,
  taskId: string,
  lastPreviewId: number,
  signal: AbortSignal,
): Promise<HostProgress> {
  const body = { id_task: taskId, id_live_preview: lastPreviewId, live_preview: true };
  const task = await call(ctx, 'POST /internal/progress', { body }, { signal });
  const global = task.active
    ? await call(ctx, 'GET /sdapi/v1/progress', { params: { query: { skip_current_image: true } } }, { signal })
    : undefined;
  const position = QUEUE_POSITION.exec(task.textinfo ?? '');
  return {
    report: {
      progress: task.progress ?? 0,
      eta: task.eta ?? null,
      step: global?.state.sampling_step ?? null,
      steps: global?.state.sampling_steps ?? null,
      queued: task.queued,
      queuePosition: position ? Number(position[1]) : null,
      ...(task.live_preview ? { previewImage: task.live_preview } : {}),
    },
    previewId: task.id_live_preview ?? lastPreviewId,
    tracked: true,
    active: task.active,
    finished: task.completed,
  };
}

/**
 * The server-wide progress: whatever job runs. Idle servers keep the last job's step counts;
 * those are not reported.
 */
async function globalProgress(ctx: ClientContext, signal: AbortSignal): Promise<HostProgress> {
  const global = await call(
    ctx,
    'GET /sdapi/v1/progress',
    { params: { query: { skip_current_image: false } } },
    { signal },
  );
  const busy = global.state.job_count !== 0;
  // SD.Next names the running job (its progress `id`); A1111's progress has no id.
  const id = (global as { id?: unknown }).id;
  return {
    report: {
      ...(busy && (typeof id === 'string' || typeof id === 'number') ? { serverTaskId: id } : {}),
      progress: busy ? global.progress : 0,
      eta: busy ? global.eta_relative : null,
      step: busy ? global.state.sampling_step : null,
      steps: busy ? global.state.sampling_steps : null,
      queued: false,
      queuePosition: null,
      ...(busy && global.current_image ? { previewImage: `data:image/png;base64,${global.current_image}` } : {}),
    },
    previewId: -1,
    tracked: false,
    active: busy,
    finished: false,
  };
}

/**
 * Per-task progress from `POST /internal/progress` (task ids: webui 1.8+ in UI mode), with
 * step counts from `/sdapi/v1/progress` while the task runs. Servers without task ids get the
 * global `/sdapi/v1/progress`, which reports whatever job is running.
 */
export function createJobHost(ctx: ClientContext): JobHost {
  return {
    async progress(taskId, lastPreviewId, signal) {
      const features = await ctx.features.get();
      if (features.taskIds) {
        try {
          return await taskProgress(ctx, taskId, lastPreviewId, signal);
        } catch (error) {
          if (!(error instanceof ApiError && error.status === 404)) throw error;
          ctx.features.set({ ...features, taskIds: false, internalProgress: false });
        }
      }
      return globalProgress(ctx, signal);
    },
    interrupt: () => interrupt(ctx),
  };
}
