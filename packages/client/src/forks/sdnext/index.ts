/**
 * SD.Next's own routes the SDK calls (its API is not A1111's: spec/sdnext), declared apart from the
 * A1111 table and loaded only when a client talks to SD.Next, so other apps do not ship them.
 */
import { call, type CallContext, type CallOptions } from '../../core/call.js';
import { objectWith } from '../../operations/shapes.js';
import type { OperationDeclaration } from '../../operations/index.js';

export const SDNEXT_OPERATIONS = {
  // Loads a checkpoint by name for good (its opts.sd_model_checkpoint, then reload_model_weights()).
  'POST /sdapi/v1/checkpoint': {
    usedBy: ["modelMode: 'sticky' (SD.Next)"],
    shape: objectWith({ ok: 'boolean' }),
  },
  'GET /sdapi/v1/checkpoint': {
    usedBy: ["modelMode: 'sticky' (SD.Next)"],
    shape: objectWith({ title: 'string?', name: 'string?' }),
  },
} as const satisfies Record<string, OperationDeclaration>;

/** The request loop's context over SD.Next's operations, from the client's (same connection, retries, logger). */
type SdnextContext = CallContext<typeof SDNEXT_OPERATIONS>;
const sdnextContext = (ctx: CallContext): SdnextContext => ({ ...ctx, operations: SDNEXT_OPERATIONS });

/** The title of the checkpoint SD.Next has loaded (`GET /sdapi/v1/checkpoint`), or null when none is. */
export async function loadedCheckpoint(ctx: CallContext, options?: CallOptions): Promise<string | null> {
  const loaded = await call(sdnextContext(ctx), 'GET /sdapi/v1/checkpoint', {}, options);
  return typeof loaded.title === 'string' ? loaded.title : null;
}

/**
 * Switches SD.Next's model (`POST /sdapi/v1/checkpoint`, its own route for it). SD.Next answers
 * `{ok: false}` when no model is loaded afterwards (a name that is no checkpoint unloads the model).
 */
export async function switchCheckpoint(ctx: CallContext, title: string, options?: CallOptions): Promise<boolean> {
  const query = { sd_model_checkpoint: title };
  return (await call(sdnextContext(ctx), 'POST /sdapi/v1/checkpoint', { params: { query } }, options)).ok;
}
