/**
 * A generation request for SD.Next. SD.Next finds a checkpoint by its name, file path, short hash or
 * title only (`checkpoint_aliases`, modules/sd_checkpoint.py) and silently drops an override it cannot
 * find; the SDK takes more of a checkpoint's names (`resolveModel`: the file name, the base name).
 * A name the SDK resolves is therefore sent as the checkpoint's title, which SD.Next always knows.
 */
import { NotFoundError } from '../../core/errors.js';
import type { ClientContext } from '../../resources/context.js';
import { listModels, resolveModelIn } from '../../resources/models.js';
import type { ForkShape } from '../fields.js';

export async function checkpointByTitle<T extends ForkShape>(ctx: ClientContext, params: T): Promise<T> {
  const name = params.override_settings?.sd_model_checkpoint;
  if (typeof name !== 'string') return params;
  let title: string;
  try {
    title = resolveModelIn(await listModels(ctx), name).model.title;
  } catch (error) {
    // Unknown: left as given, for the name check (when on) to refuse with its suggestions.
    if (error instanceof NotFoundError) return params;
    throw error;
  }
  return title === name
    ? params
    : { ...params, override_settings: { ...params.override_settings, sd_model_checkpoint: title } };
}
