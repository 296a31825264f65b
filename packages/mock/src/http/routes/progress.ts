import { internalProgress, sdapiProgress, type InternalProgressRequest } from '../../webui/jobs/progress.js';
import { toPlain } from '../../webui/python/index.js';
import type { HandlerTable } from '../../webui/handlers/index.js';

export const progressHandlers: HandlerTable = {
  'GET /sdapi/v1/progress': ({ ctx, request }) => {
    const query = request.query();
    return sdapiProgress(ctx.state, ctx.now(), {
      stoppingGeneration: ctx.profile.stoppingGeneration,
      skipCurrentImage: query.skip_current_image === true,
    });
  },

  /** Stops the running job at its next step; it still answers 200 with what it has. Idle: no effect on later jobs. */
  'POST /sdapi/v1/interrupt': ({ ctx }) => {
    if (ctx.state.jobCount !== 0) ctx.state.interrupted = true;
    return {};
  },

  'POST /sdapi/v1/skip': ({ ctx }) => {
    if (ctx.state.jobCount !== 0) ctx.state.skipped = true;
    return null;
  },

  'POST /internal/progress': async ({ ctx, request }) => {
    const body = toPlain(await request.body()) as InternalProgressRequest;
    return internalProgress(ctx.state, ctx.registry, body, ctx.now(), {
      queuePositionText: ctx.profile.queuePositionText,
      livePreviews: ctx.options.get('live_previews_enable') !== false,
    });
  },

  'GET /internal/pending-tasks': ({ ctx }) => ({ size: ctx.registry.pending.length, tasks: [...ctx.registry.pending] }),

  'GET /internal/ping': () => ({}),

  'GET /internal/sysinfo': ({ ctx }) => ({
    Platform: 'sdwebui mock (no GPU)',
    Python: '3.10.6',
    // `git_tag()` answers "<none>" when it cannot tell.
    Version: ctx.specVersion ?? '<none>',
  }),
};
