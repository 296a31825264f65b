import type { ClientContext } from '../core/context.js';
import { ApiError } from '../core/errors.js';
import { callApi } from '../core/request.js';
import type { JobHost } from '../job/index.js';

const QUEUE_POSITION = /In queue: (\d+)\/\d+/;

/**
 * Per-task progress from `POST /internal/progress` (webui 1.6+ in UI mode, task ids 1.8+),
 * with step counts from `/sdapi/v1/progress` while the task runs. Servers without the route
 * (`--nowebui`, older releases) get the global `/sdapi/v1/progress`, which reports whatever
 * job is running.
 */
export function createJobHost(ctx: ClientContext): JobHost {
  const globalProgress = (signal: AbortSignal, skipImage: boolean) =>
    callApi(ctx.settings, 'GET /sdapi/v1/progress', (s) => ctx.raw.GET('/sdapi/v1/progress', { params: { query: { skip_current_image: skipImage } }, signal: s }), {
      signal,
      idempotent: true,
    });

  return {
    async progress(taskId, lastPreviewId, signal) {
      if (ctx.taskIds) {
        try {
          const task = await callApi(
            ctx.settings,
            'POST /internal/progress',
            (s) => ctx.raw.POST('/internal/progress', { body: { id_task: taskId, id_live_preview: lastPreviewId, live_preview: true }, signal: s }),
            { signal, idempotent: true },
          );
          const global = task.active ? await globalProgress(signal, true) : undefined;
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
            active: task.active,
            finished: task.completed,
          };
        } catch (error) {
          if (!(error instanceof ApiError && error.status === 404)) throw error;
          ctx.taskIds = false;
        }
      }
      const global = await globalProgress(signal, false);
      return {
        report: {
          progress: global.progress,
          eta: global.eta_relative,
          step: global.state.sampling_step,
          steps: global.state.sampling_steps,
          queued: false,
          queuePosition: null,
          ...(global.current_image ? { previewImage: `data:image/png;base64,${global.current_image}` } : {}),
        },
        previewId: -1,
        active: false,
        finished: false,
      };
    },
    async interrupt() {
      await callApi(ctx.settings, 'POST /sdapi/v1/interrupt', (s) => ctx.raw.POST('/sdapi/v1/interrupt', { signal: s }), { idempotent: false });
    },
  };
}
