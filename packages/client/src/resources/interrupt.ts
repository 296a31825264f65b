import type { SdkCallContext } from '../operations/index.js';
import { call, type CallOptions } from '../core/call.js';

/** Stops whatever job is running on the server (global, like the webui's button). */
export async function interrupt(ctx: SdkCallContext, options?: CallOptions): Promise<void> {
  await call(ctx, 'POST /sdapi/v1/interrupt', {}, options);
}
