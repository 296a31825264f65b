import { findCheckpoint } from '../catalogue/index.js';
import type { PyJson } from '../python/index.js';
import type { WebuiContext } from './context.js';
import type { GenerationKind, GenerationRequest } from './request.js';

/**
 * The response's `parameters`: the coerced request as the webui echoes it (`vars(request)`).
 * img2img drops the input images unless `include_init_images` asks for them; the flag itself is
 * echoed although the model marks it `exclude`, since `vars()` ignores that.
 */
export function echoParameters(
  kind: GenerationKind,
  params: Record<string, PyJson>,
  request: GenerationRequest,
): Record<string, PyJson> {
  const parameters: Record<string, PyJson> = { ...params };
  if (kind === 'img2img' && request.include_init_images !== true) {
    parameters.init_images = null;
    parameters.mask = null;
  }
  return parameters;
}

/**
 * Forge's `process_images` drops an override `sd_model_checkpoint` that is no checkpoint alias
 * from `p.override_settings`, which is the request's own dict (the request's shallow copy shares
 * it), so the echoed `override_settings` lacks it too.
 */
export function dropUnknownCheckpointOverride(ctx: WebuiContext, params: Record<string, PyJson>): void {
  const overrides = params.override_settings;
  if (overrides === null || typeof overrides !== 'object' || Array.isArray(overrides)) return;
  const name = (overrides as Record<string, PyJson>).sd_model_checkpoint;
  if (name !== undefined && findCheckpoint(ctx.catalogue.checkpoints, String(name)) === undefined)
    delete (overrides as Record<string, PyJson>).sd_model_checkpoint;
}
