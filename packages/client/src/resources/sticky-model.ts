import type { SdkCallContext } from '../operations/index.js';

import { NotFoundError } from '../core/errors.js';
import { Mutex } from '../core/mutex/index.js';
import { listModels, resolveModelIn, type Model } from './models.js';
import { call } from '../core/call.js';
import { getOptions } from './options.js';

/**
 * Sticky model mode: sets `sd_model_checkpoint` only when it differs from the loaded one, and
 * runs the switch and the caller's work under one lock, so concurrent callers with different
 * models cannot interleave their switches and generations.
 */
export class StickyModel {
  private readonly lock = new Mutex();
  private current: string | undefined;
  private models: Model[] | undefined;

  /** How many times the model was actually switched (POST /options). */
  switches = 0;

  constructor(private readonly ctx: SdkCallContext) {}

  /** Resolves against the cached model list, re-reading it once when a name is new (a refreshed folder). */
  private async resolve(model: string) {
    if (this.models) {
      try {
        return resolveModelIn(this.models, model);
      } catch (error) {
        if (!(error instanceof NotFoundError)) throw error;
      }
    }
    this.models = await listModels(this.ctx);
    return resolveModelIn(this.models, model);
  }

  run<T>(model: string, work: () => Promise<T>): Promise<T> {
    return this.lock.run(async () => {
      const { title } = (await this.resolve(model)).model;
      this.current ??= (await getOptions(this.ctx)).sd_model_checkpoint as string | undefined;
      if (this.current !== title) {
        // The title was just resolved from the server's list: nothing to check.
        await call(this.ctx, 'POST /sdapi/v1/options', { body: { sd_model_checkpoint: title } });
        this.current = title;
        this.switches++;
      }
      return work();
    });
  }
}
