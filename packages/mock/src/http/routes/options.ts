import { RELOADING_OPTIONS } from '../../webui/options/index.js';
import type { PyJson } from '../../webui/python/index.js';
import type { HandlerTable } from '../../webui/handlers/index.js';

export const optionsHandlers: HandlerTable = {
  // Under pydantic 2 (Forge) `opts.data` goes through the Options response model: each value validated
  // (lax) against its option's type, one that fails is a 500 ResponseValidationError.
  'GET /sdapi/v1/options': ({ ctx, request }) =>
    ctx.profile.pydantic === 2 ? request.response(ctx.options.data()) : ctx.options.toJson(),

  /**
   * Checks the checkpoint first (nothing applied if unknown; Forge: in its turn), then applies keys in
   * order. A model or VAE change waits for the running generation, as the webui's reload does.
   */
  'POST /sdapi/v1/options': async ({ ctx, request }) => {
    const raw = await request.dict();
    // `checkpoint_name is not None and checkpoint_name not in checkpoint_aliases`: nothing applied yet.
    if (ctx.profile.fork === null && raw.sd_model_checkpoint !== undefined && raw.sd_model_checkpoint !== null)
      ctx.options.resolveCheckpoint(raw.sd_model_checkpoint);
    const reloads = Object.keys(raw).some((key) => RELOADING_OPTIONS.has(key));
    if (reloads) {
      using _turn = await ctx.lock.acquire();
      ctx.options.apply(raw);
    } else ctx.options.apply(raw);
    return null;
  },

  'GET /sdapi/v1/cmd-flags': ({ ctx }) => {
    const flags: Record<string, PyJson> = {};
    for (const [key, property] of Object.entries(ctx.flagsSchema)) flags[key] = (property.default ?? null) as PyJson;
    // The webui reports --api-auth in clear text here, as started.
    Object.assign(flags, { api: true, nowebui: false, listen: false, port: null, api_auth: ctx.apiAuth });
    return flags;
  },
};
