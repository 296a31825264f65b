import { httpException } from '../../errors/index.js';
import type { PyJson } from '../../python/index.js';
import { decodeSdnextImage } from '../image/decode.js';
import { modelItem, SDNEXT_CHECKPOINTS } from '../models/index.js';
import { pngInfoReply } from '../png-info/index.js';
import { noContent } from '../reply.js';
import type { SdnextHandlerTable } from './handler.js';

/** The file routes: the mock has no files, so every path is outside the allowed folders (403). */
function outsideAllowedDirs(file: unknown): never {
  if (typeof file !== 'string' || file.trim() === '') throw httpException(400, 'file path is required');
  throw httpException(403, `file ${file}: must be in one of allowed directories`);
}

/** Checkpoints (`/checkpoint`, `/lock-checkpoint`, …), options and png-info. */
export const modelHandlers: SdnextHandlerTable = {
  'GET /sdapi/v1/sd-models': () => SDNEXT_CHECKPOINTS.map(modelItem),
  'GET /sdapi/v1/checkpoint': ({ ctx }) => ctx.models.describe(),
  /**
   * `set_checkpoint`: the option is set without its onchange, then the model reloaded; a name that is
   * no checkpoint unloads the model and answers `{"ok": false}` (the option keeps the name).
   */
  'POST /sdapi/v1/checkpoint': async ({ ctx, request }) => {
    const { sd_model_checkpoint: name, dtype, force } = request.query();
    if (force === true) ctx.models.unload();
    if (typeof dtype === 'string') ctx.options.store('cuda_dtype', dtype);
    ctx.options.store('sd_model_checkpoint', name as PyJson);
    using _turn = await ctx.lock.acquire();
    return { ok: ctx.models.select(name) !== null };
  },
  'POST /sdapi/v1/refresh-checkpoints': () => noContent(),
  'POST /sdapi/v1/unload-checkpoint': ({ ctx }) => {
    ctx.models.unload();
    return noContent();
  },
  'POST /sdapi/v1/reload-checkpoint': ({ ctx, request }) => {
    if (request.query().force === true) ctx.models.unload();
    ctx.models.select(ctx.options.get('sd_model_checkpoint'));
    return noContent();
  },
  'POST /sdapi/v1/lock-checkpoint': ({ ctx, request }) => {
    ctx.models.locked = request.query().lock === true;
    return noContent();
  },
  'POST /sdapi/v1/refresh-vae': () => noContent(),
  'POST /sdapi/v1/refresh-unets': () => noContent(),
  'GET /sdapi/v1/options': ({ ctx }) => ctx.options.toJson(),
  'POST /sdapi/v1/options': async ({ ctx, request }) => {
    const changes = await request.dict();
    return { updated: Object.entries(changes).map(([key, value]) => ({ [key]: ctx.options.set(key, value) })) };
  },
  'GET /sdapi/v1/options-info': ({ ctx }) => ctx.answers.optionsInfo,
  'POST /sdapi/v1/png-info': async ({ request }) => {
    const image = ((await request.body()) as { image: string }).image;
    if (image.trim() === '') return { info: '', items: {}, parameters: {} };
    const bytes = decodeSdnextImage(image.trim());
    return bytes === null ? { info: '', items: {}, parameters: {} } : pngInfoReply(bytes);
  },
  'GET /sdapi/v1/png-info': ({ request }) => outsideAllowedDirs(request.query().file),
  'GET /sdapi/v1/file': ({ request }) => outsideAllowedDirs(request.query().file),
  'DELETE /sdapi/v1/delete-image': ({ request }) => outsideAllowedDirs(request.query().file),
  'DELETE /sdapi/v1/delete-file': ({ request }) => outsideAllowedDirs(request.query().file),
};
