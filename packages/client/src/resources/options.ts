import type { SdkCallContext } from '../operations/index.js';
import { call, type CallOptions } from '../core/call.js';
import type { components } from '../generated/a1111-1.10.js';

export type Options = components['schemas']['Options'];

export async function getOptions(ctx: SdkCallContext, options?: CallOptions): Promise<Options> {
  return call(ctx, 'GET /sdapi/v1/options', {}, options);
}

/**
 * Changes settings for good (written to the server's config). A model or VAE change waits on
 * the server for the running generation, then loads it before answering.
 */
export async function setOptions(ctx: SdkCallContext, changes: Partial<Options>, options?: CallOptions): Promise<void> {
  await call(ctx, 'POST /sdapi/v1/options', { body: changes }, options);
}
