import type { ClientContext } from './context.js';
import { ApiError, NotFoundError } from '../core/errors.js';
import { Mutex } from '../core/mutex/index.js';
import { listModels, resolveModelIn, type Model } from './models.js';
import { call } from '../core/call.js';
import { getOptions } from './options.js';

/**
 * Sticky model mode: sets `sd_model_checkpoint` only when it differs from the loaded one, and
 * runs the switch and the caller's work under one lock, so concurrent callers with different
 * models cannot interleave their switches and generations. SD.Next switches through its own
 * route, `POST /sdapi/v1/checkpoint`, and says which model is loaded at `GET /sdapi/v1/checkpoint`.
 */
export class StickyModel {
  private readonly lock = new Mutex();
  private current: string | undefined;
  private models: Model[] | undefined;

  /** How many times the model was actually switched (POST /options; SD.Next: POST /checkpoint). */
  switches = 0;

  constructor(private readonly ctx: ClientContext) {}

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
      const sdnext =
        (await this.ctx.features.get()).fork === 'sdnext' ? await import('../forks/sdnext/index.js') : null;
      this.current ??= sdnext
        ? ((await sdnext.loadedCheckpoint(this.ctx)) ?? undefined)
        : ((await getOptions(this.ctx)).sd_model_checkpoint as string | undefined);
      if (this.current !== title) {
        // The title was just resolved from the server's list: nothing to check.
        if (sdnext === null) await call(this.ctx, 'POST /sdapi/v1/options', { body: { sd_model_checkpoint: title } });
        else if (!(await sdnext.switchCheckpoint(this.ctx, title))) {
          this.current = undefined;
          throw new ApiError(
            `POST /sdapi/v1/checkpoint: SD.Next loaded no model for "${title}" (it answered ok: false; its log says why)`,
            200,
            { ok: false },
            'POST /sdapi/v1/checkpoint',
          );
        }
        this.current = title;
        this.switches++;
      }
      return work();
    });
  }
}
