import { call, type CallOptions } from '../core/call.js';
import type { components } from '../generated/a1111-1.10.js';
import type { components as Forge2 } from '../generated/forge-2.js';
import type { SdkCallContext } from '../operations/index.js';
import type { ClientContext } from './context.js';

type A1111Options = components['schemas']['Options'];

/**
 * The webui's settings, by key: A1111 1.10's (with the ControlNet and ADetailer settings its capture
 * lists) and Forge's own (`forge_additional_modules`, `forge_preset`, …). What `getOptions` returns,
 * `setOptions` and a generation's `override_settings` take.
 */
export type Options = A1111Options & Partial<Omit<Forge2['schemas']['Options'], keyof A1111Options>>;

/** Options of `setOptions`. */
export interface SetOptionsOptions extends CallOptions {
  /**
   * Check the keys against the server's settings and the names among the values (`sd_model_checkpoint`,
   * `sd_vae`, `forge_additional_modules`) against its lists first (default: the client's `checkNames`).
   * The webui answers an unknown key with a 500 `KeyError` (after applying the keys before it, unsaved).
   */
  checkNames?: boolean;
}

export async function getOptions(ctx: SdkCallContext, options?: CallOptions): Promise<Options> {
  return call(ctx, 'GET /sdapi/v1/options', {}, options) as Promise<Options>;
}

/**
 * Changes settings for good (written to the server's config). A model or VAE change waits on
 * the server for the running generation, then loads it before answering.
 */
export async function setOptions(
  ctx: ClientContext,
  changes: Partial<Options>,
  options?: SetOptionsOptions,
): Promise<void> {
  if (options?.checkNames ?? ctx.names.enabled) await ctx.names.checkAll('settings', changes);
  await call(ctx, 'POST /sdapi/v1/options', { body: changes }, options);
}
