import type { Client } from 'openapi-fetch';
import type { WebuiClientOptions } from './client-options.js';
import type { CallOptions, RequestSettings } from './core/call.js';
import type { ClientContext } from './resources/context.js';
import { DEFAULT_RETRY } from './core/retry/index.js';
import type { ImageInput } from './images/input.js';
import { OPERATIONS, type SdkCallContext } from './operations/index.js';
import type { Job } from './job/index.js';
import {
  connectionOf,
  createCallClient,
  createRawClient,
  type DEFAULT_TARGET,
  type RawClientOptions,
  type Target,
  type TargetPaths,
} from './raw-client/index.js';
import type { ServerProfile } from './resources/detect.js';
import { detectServer, lazyNameChecks, lazyScriptChecks, lazyStickyModel } from './on-first-use/index.js';
import type { ControlNetDetectParams } from './resources/extension-routes.js';
import { createFeatureSource } from './resources/features.js';
import * as generation from './resources/generation.js';
import type { Around, GenerationResult } from './resources/generation.js';
import type { GenerationOptions, Img2imgParams, Txt2imgParams } from './resources/generation-request.js';
import type { UpscaleOptions, UpscaleParams } from './resources/images.js';
import { interrupt } from './resources/interrupt.js';
import * as models from './resources/models.js';
import type { RefreshTarget, ResolvedModel } from './resources/models.js';
import { getOptions, setOptions, type Options, type SetOptionsOptions } from './resources/options.js';
import type { Img2imgParamsOf, OptionsOf, Txt2imgParamsOf } from './resources/target-params.js';

/** What the platform entry (Node or browser) adds to every `fetch` call's `init`. */
export interface FetchPlatform {
  /** Node: the `dispatcher` without undici's 300 s header timeout. Bound once, here, not per call. */
  requestInit?: Record<string, unknown>;
}

const BROWSER: FetchPlatform = {};

/**
 * The high-level client. Each method delegates to its resource module; `client.raw` is the
 * typed low-level client for anything not covered, typed by the `target` given (`sdnext`: SD.Next's
 * own routes, `/sdapi/v1/caption`, `/checkpoint`, …; default `a1111-1.10`).
 */
export class WebuiClient<T extends Target = typeof DEFAULT_TARGET> {
  readonly raw: Client<TargetPaths[T]>;
  private readonly ctx: ClientContext;
  private readonly sticky: ReturnType<typeof lazyStickyModel> | undefined;

  /** Extension routes, image calls and script listing load on first use: apps that never call them do not ship them. */
  private readonly routes = () => import('./resources/extension-routes.js');
  private readonly images = () => import('./resources/images.js');
  private readonly files = () => import('./resources/vaes-and-modules.js');

  /** ControlNet's routes (`/controlnet/*`); to send units, spread `controlNet([...])` into `alwayson_scripts`. */
  readonly controlNet = {
    /** Model names (`name [hash]`), the values of a unit's `model`. */
    models: async (options?: CallOptions) => (await this.routes()).controlNetModels(this.ctx, options),
    /** Preprocessor names, the values of a unit's `module`, and their sliders (not on Forge). */
    modules: async (options?: CallOptions) => (await this.routes()).controlNetModules(this.ctx, options),
    /** Control types (`Canny`, `Depth`, …) with their preprocessors, models and defaults. */
    controlTypes: async (options?: CallOptions) => (await this.routes()).controlNetControlTypes(this.ctx, options),
    /** Runs a preprocessor on images; the detected maps come back decoded. */
    detect: async (params: ControlNetDetectParams, options?: CallOptions) =>
      (await this.routes()).controlNetDetect(this.ctx, params, options),
  };

  /** ADetailer's routes (`/adetailer/v1/*`); to send tabs, spread `adetailer([...])` into `alwayson_scripts`. */
  readonly adetailer = {
    /** Detector names (`face_yolov8n.pt`, …), the values of a tab's `ad_model`. */
    models: async (options?: CallOptions) => (await this.routes()).adetailerModels(this.ctx, options),
  };

  constructor(
    private readonly options: WebuiClientOptions & { target?: T },
    private readonly platform: FetchPlatform = BROWSER,
  ) {
    const { url, auth } = connectionOf(options);
    const connection: RawClientOptions = {
      baseUrl: url,
      ...(auth !== undefined ? { auth } : {}),
      ...(options.fetch !== undefined ? { fetch: options.fetch } : {}),
      ...(options.headers !== undefined ? { headers: options.headers } : {}),
      ...(options.maxResponseBytes !== undefined ? { maxResponseBytes: options.maxResponseBytes } : {}),
    };
    this.raw = createRawClient(connection, platform.requestInit) as unknown as Client<TargetPaths[T]>;
    const settings: RequestSettings = {
      baseUrl: url,
      timeoutMs: options.timeoutMs,
      retry: { ...DEFAULT_RETRY, ...options.retry },
      hasAuth: auth !== undefined,
      logger: options.logger,
    };
    const base: SdkCallContext = {
      api: createCallClient(connection, platform.requestInit),
      settings,
      operations: OPERATIONS,
    };
    const features = createFeatureSource(options.target, () => detectServer(base));
    this.ctx = {
      ...base,
      features,
      names: lazyNameChecks({ ...base, features }, options.checkNames ?? true),
      scripts: lazyScriptChecks(base, options.checkNames ?? true),
    };
    this.sticky = options.modelMode === 'sticky' ? lazyStickyModel(this.ctx) : undefined;
  }

  /** A new client with these options changed (headers merged); it shares no caches with this one. */
  withOptions(changes: Partial<WebuiClientOptions & { target: T }>): WebuiClient<T> {
    const headers = { ...this.options.headers, ...changes.headers };
    return new WebuiClient<T>({ ...this.options, ...changes, headers }, this.platform);
  }

  /** Text to image. Returns at once; `await` the job for the images, iterate `job.progress()`, or `job.cancel()`. */
  txt2img(params: Txt2imgParamsOf<T>, options: GenerationOptions = {}): Job<GenerationResult> {
    // SD.Next's fields go through the same shaping: it reads only the fields both share.
    return generation.txt2img(this.ctx, params as Txt2imgParams, ...this.generation(options));
  }

  /** Image to image (and inpainting with `mask`). */
  img2img(params: Img2imgParamsOf<T>, options: GenerationOptions = {}): Job<GenerationResult> {
    return generation.img2img(this.ctx, params as Img2imgParams, ...this.generation(options));
  }

  /** Reads an image's infotext from its bytes, without the server. */
  async readImageInfo(image: ImageInput) {
    // No `this`: it works taken off the client (`const { readImageInfo } = client`), as it always has.
    return (await import('./resources/images.js')).readImageInfo(image);
  }

  /** The server's png-info. Use `readImageInfo` when the bytes are at hand. */
  async pngInfo(image: ImageInput, options?: CallOptions) {
    return (await this.images()).serverPngInfo(this.ctx, image, options);
  }

  /** A caption for an image: CLIP (`clip`, default) or DeepDanbooru tags (`deepdanbooru`). */
  async interrogate(image: ImageInput, model: 'clip' | 'deepdanbooru' = 'clip', options?: CallOptions) {
    return (await this.images()).interrogate(this.ctx, image, model, options);
  }

  /** Extras on one image (upscale, face restoration); the output keeps the source's infotext. */
  async upscale(image: ImageInput, params?: UpscaleParams, options?: UpscaleOptions) {
    return (await this.images()).upscale(this.ctx, image, params, options);
  }

  /** Extras on several images at once. */
  async upscaleBatch(
    list: Array<{ image: ImageInput; name?: string }>,
    params?: UpscaleParams,
    options?: UpscaleOptions,
  ) {
    return (await this.images()).upscaleBatch(this.ctx, list, params, options);
  }

  /** Every setting of the server (`/sdapi/v1/options`), typed for the client's target. */
  getOptions(options?: CallOptions): Promise<OptionsOf<T>> {
    return getOptions(this.ctx, options) as Promise<OptionsOf<T>>;
  }

  /**
   * Changes settings on the server, for every later request (a per-request change is `override_settings`).
   * Keys, and names among the values, are checked first (`checkNames`).
   */
  setOptions(changes: Partial<OptionsOf<T>>, options?: SetOptionsOptions): Promise<void> {
    return setOptions(this.ctx, changes as Partial<Options>, options);
  }

  /** The checkpoints the server has (title, model name, hash, file). */
  listModels(options?: CallOptions) {
    return models.listModels(this.ctx, options);
  }

  /** Which checkpoint a name, file name or hash refers to, and how it matched. Exact matches only. */
  async resolveModel(query: string, options?: CallOptions): Promise<ResolvedModel> {
    return models.resolveModelIn(await models.listModels(this.ctx, options), query);
  }

  /** The VAEs, the values of the `vae` option. Forge has none (`UnsupportedError`): it takes VAEs as `modules()`. */
  async vaes(options?: CallOptions) {
    return (await this.files()).vaes(this.ctx, options);
  }

  /** Forge's modules (VAE and text-encoder files), the values of `forge_additional_modules`. Forge only. */
  async modules(options?: CallOptions) {
    return (await this.files()).modules(this.ctx, options);
  }

  /** The server's samplers (names, aliases, options). */
  samplers(options?: CallOptions) {
    return models.samplers(this.ctx, options);
  }

  /** The server's schedulers (1.9.1+); `[]` on older servers, which fold them into sampler names. */
  schedulers(options?: CallOptions) {
    return models.schedulers(this.ctx, options);
  }

  /** The server's upscalers, for `upscale` and hires fix. */
  upscalers(options?: CallOptions) {
    return models.upscalers(this.ctx, options);
  }

  /** The LoRAs the server has, for `<lora:NAME:1>` in a prompt. */
  loras(options?: CallOptions) {
    return models.loras(this.ctx, options);
  }

  /** The textual-inversion embeddings the server loaded and those it skipped, each with its name. */
  embeddings(options?: CallOptions) {
    return models.embeddings(this.ctx, options);
  }

  /** The server's saved prompt styles. */
  styles(options?: CallOptions) {
    return models.styles(this.ctx, options);
  }

  /** The server's RAM and CUDA memory use. */
  memory(options?: CallOptions) {
    return models.memory(this.ctx, options);
  }

  /** Re-scans a model folder on the server (`checkpoints`, `vae`, `embeddings`, `loras`), like the webui's refresh buttons. */
  refresh(what: RefreshTarget, options?: CallOptions) {
    return models.refresh(this.ctx, what, options);
  }

  /** The server's scripts for txt2img and img2img, with their arguments (`script_name`, `alwayson_scripts`). */
  async scripts(options?: CallOptions) {
    return (await import('./resources/scripts.js')).listScripts(this.ctx, options);
  }

  /** Stops whatever job is running on the server (global, like the webui's button). Prefer `job.cancel()`. */
  interrupt(options?: CallOptions): Promise<void> {
    return interrupt(this.ctx, options);
  }

  /** Probes the server (version, fork, extensions, routes); requests follow what it finds. */
  async detect(options?: CallOptions): Promise<ServerProfile> {
    const profile = await detectServer(this.ctx, options);
    this.ctx.features.set(profile.features);
    return profile;
  }

  /** Sticky mode: the model switch and the job run under one lock; otherwise `model` is a per-request override. */
  private generation(options: GenerationOptions): [GenerationOptions, Around] {
    const sticky = this.sticky;
    if (sticky === undefined || options.model === undefined) return [options, (work) => work()];
    const { model, ...rest } = options;
    return [rest, (work) => sticky.run(model, work)];
  }
}

/** A client for one webui (browsers and other runtimes; Node gets the `node` entry's, without undici's header timeout). */
export function createWebuiClient<T extends Target = typeof DEFAULT_TARGET>(
  options: WebuiClientOptions & { target?: T },
): WebuiClient<T> {
  return new WebuiClient<T>(options);
}
