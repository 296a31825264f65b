import type { ClientContext } from '../core/context.js';
import { Mutex } from '../core/context.js';
import { callApi, type CallOptions } from '../core/request.js';
import type { components } from '../generated/a1111-1.10.js';
import { NotFoundError } from '../core/errors.js';
import { listModels, resolveModelIn, type Model } from './models.js';

export type Options = components['schemas']['Options'];

export async function getOptions(ctx: ClientContext, options?: CallOptions): Promise<Options> {
  return callApi(ctx.settings, 'GET /sdapi/v1/options', (signal) => ctx.raw.GET('/sdapi/v1/options', { signal }), { ...options, idempotent: true });
}

/**
 * Changes settings for good (written to the server's config). A model or VAE change waits on
 * the server for the running generation, then loads it before answering.
 */
export async function setOptions(ctx: ClientContext, changes: Partial<Options>, options?: CallOptions): Promise<void> {
  await callApi(ctx.settings, 'POST /sdapi/v1/options', (signal) => ctx.raw.POST('/sdapi/v1/options', { body: changes, signal }), {
    ...options,
    idempotent: false,
  });
}

/**
 * Sticky model mode: sets `sd_model_checkpoint` only when it differs from the loaded one, and
 * runs the switch and the caller's work under one lock, so concurrent callers with different
 * models cannot interleave their switches and generations.
 */
export class StickyModel {
  private readonly lock = new Mutex();
  private current: string | undefined;

  constructor(private readonly ctx: ClientContext) {}

  /** How many times the model was actually switched (POST /options). */
  switches = 0;
  private models: Model[] | undefined;

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
        await setOptions(this.ctx, { sd_model_checkpoint: title });
        this.current = title;
        this.switches++;
      }
      return work();
    });
  }
}
