import type { Client } from 'openapi-fetch';
import type { ClientContext } from './core/context.js';
import type { CallOptions, RetryOptions } from './core/request.js';
import type { paths } from './generated/a1111-1.10.js';
import type { ImageInput } from './images/input.js';
import type { Job } from './job/index.js';
import { createRawClient, DEFAULT_TARGET, type RawClientOptions, type Target } from './raw-client/index.js';
import { detect, type ServerProfile } from './resources/detect.js';
import { img2img, txt2img, type Around, type GenerationOptions, type GenerationResult, type Img2imgParams, type Txt2imgParams } from './resources/generation.js';
import { interrogate, readImageInfo, serverPngInfo, upscale, upscaleBatch, type UpscaleParams } from './resources/images.js';
import { embeddings, listModels, loras, memory, refresh, resolveModelIn, samplers, schedulers, styles, upscalers, type RefreshTarget, type ResolvedModel } from './resources/models.js';
import { getOptions, setOptions, StickyModel, type Options } from './resources/options.js';
import { callApi } from './core/request.js';

export interface WebuiClientOptions {
  /** The webui's base URL, e.g. `http://127.0.0.1:7860` (started with `--api`). */
  baseUrl: string;
  /** `--api-auth` credentials: `"user:pass"` or `{ username, password }`. */
  auth?: RawClientOptions['auth'];
  /**
   * The webui release the server runs (default `a1111-1.10`): decides whether `scheduler` is
   * sent as its own field and whether per-task progress is used, until `detect()` says better.
   */
  target?: Target;
  /** Default timeout per call in ms (default: none; generations can take many minutes). */
  timeoutMs?: number;
  /** A `fetch` to use (tests, proxies). In Node the default has no 300 s header timeout. */
  fetch?: RawClientOptions['fetch'];
  /** Retries for reads and for a server still starting; generation POSTs are never retried. */
  retry?: RetryOptions;
  /**
   * `'per-request'` (default): `options.model` goes to `override_settings`, nothing global changes.
   * `'sticky'`: switch the server's model with POST /options only when it differs, one caller at a time.
   */
  modelMode?: 'per-request' | 'sticky';
}

const OLD_SCHEDULER_SUFFIX: Record<string, string> = { karras: 'Karras', exponential: 'Exponential' };

/**
 * The high-level client. `client.raw` is the typed low-level client for anything not covered.
 */
export class WebuiClient {
  readonly raw: Client<paths>;
  private readonly ctx: ClientContext;
  private readonly sticky: StickyModel | undefined;

  constructor(options: WebuiClientOptions) {
    const target = options.target ?? DEFAULT_TARGET;
    this.raw = createRawClient({
      baseUrl: options.baseUrl,
      ...(options.auth !== undefined ? { auth: options.auth } : {}),
      ...(options.fetch !== undefined ? { fetch: options.fetch } : {}),
    }) as Client<paths>;
    this.ctx = {
      raw: this.raw,
      settings: {
        baseUrl: options.baseUrl.replace(/\/+$/, ''),
        timeoutMs: options.timeoutMs,
        retry: { retries: options.retry?.retries ?? 2, minDelayMs: options.retry?.minDelayMs ?? 250 },
        hasAuth: options.auth !== undefined,
      },
      taskIds: target === 'a1111-1.10',
      schedulers: target === 'a1111-1.10',
    };
    this.sticky = options.modelMode === 'sticky' ? new StickyModel(this.ctx) : undefined;
  }

  /** Text to image. Returns at once; `await` the job for the images, iterate `job.progress()`, or `job.cancel()`. */
  txt2img(params: Txt2imgParams, options: GenerationOptions = {}): Job<GenerationResult> {
    return txt2img(this.ctx, this.shape(params), ...this.generation(options));
  }

  /** Image to image (and inpainting with `mask`). */
  img2img(params: Img2imgParams, options: GenerationOptions = {}): Job<GenerationResult> {
    return img2img(this.ctx, this.shape(params), ...this.generation(options));
  }

  /** Reads an image's infotext from its bytes, without the server. */
  readImageInfo(image: ImageInput) {
    return readImageInfo(image);
  }

  /** The server's png-info. Use `readImageInfo` when the bytes are at hand. */
  pngInfo(image: ImageInput, options?: CallOptions) {
    return serverPngInfo(this.ctx, image, options);
  }

  interrogate(image: ImageInput, model: 'clip' | 'deepdanbooru' = 'clip', options?: CallOptions) {
    return interrogate(this.ctx, image, model, options);
  }

  upscale(image: ImageInput, params?: UpscaleParams, options?: CallOptions) {
    return upscale(this.ctx, image, params, options);
  }

  upscaleBatch(images: Array<{ image: ImageInput; name?: string }>, params?: UpscaleParams, options?: CallOptions) {
    return upscaleBatch(this.ctx, images, params, options);
  }

  getOptions(options?: CallOptions): Promise<Options> {
    return getOptions(this.ctx, options);
  }

  setOptions(changes: Partial<Options>, options?: CallOptions): Promise<void> {
    return setOptions(this.ctx, changes, options);
  }

  listModels(options?: CallOptions) {
    return listModels(this.ctx, options);
  }

  /** Which checkpoint a name, file name or hash refers to, and how it matched. Exact matches only. */
  async resolveModel(query: string, options?: CallOptions): Promise<ResolvedModel> {
    return resolveModelIn(await listModels(this.ctx, options), query);
  }

  samplers(options?: CallOptions) {
    return samplers(this.ctx, options);
  }

  schedulers(options?: CallOptions) {
    return schedulers(this.ctx, options);
  }

  upscalers(options?: CallOptions) {
    return upscalers(this.ctx, options);
  }

  loras(options?: CallOptions) {
    return loras(this.ctx, options);
  }

  embeddings(options?: CallOptions) {
    return embeddings(this.ctx, options);
  }

  styles(options?: CallOptions) {
    return styles(this.ctx, options);
  }

  memory(options?: CallOptions) {
    return memory(this.ctx, options);
  }

  refresh(what: RefreshTarget, options?: CallOptions) {
    return refresh(this.ctx, what, options);
  }

  /** Stops whatever job is running on the server (global, like the webui's button). Prefer `job.cancel()`. */
  async interrupt(options?: CallOptions): Promise<void> {
    await callApi(this.ctx.settings, 'POST /sdapi/v1/interrupt', (signal) => this.raw.POST('/sdapi/v1/interrupt', { signal }), { ...options, idempotent: false });
  }

  /** Probes the server (version, fork, extensions, routes) and adapts request shapes to it. */
  async detect(): Promise<ServerProfile> {
    const profile = await detect(this.ctx);
    this.ctx.taskIds = profile.features.taskIds;
    this.ctx.schedulers = profile.features.schedulers;
    return profile;
  }

  /** Before 1.9 the scheduler is part of the sampler name (`DPM++ 2M Karras`). */
  private shape<T extends { sampler_name?: string | null; scheduler?: string | null }>(params: T): T {
    if (this.ctx.schedulers || !params.scheduler) return params;
    const { scheduler, ...rest } = params;
    const suffix = OLD_SCHEDULER_SUFFIX[scheduler.toLowerCase()];
    const sampler = rest.sampler_name;
    return (suffix && sampler && !sampler.endsWith(suffix) ? { ...rest, sampler_name: `${sampler} ${suffix}` } : rest) as T;
  }

  /** Sticky mode: the model switch and the job run under one lock; otherwise `model` is a per-request override. */
  private generation(options: GenerationOptions): [GenerationOptions, Around | undefined] {
    const sticky = this.sticky;
    if (sticky === undefined || options.model === undefined) return [options, undefined];
    const { model, ...rest } = options;
    return [rest, (work) => sticky.run(model, work)];
  }
}

export function createWebuiClient(options: WebuiClientOptions): WebuiClient {
  return new WebuiClient(options);
}

export { DEFAULT_TARGET };
