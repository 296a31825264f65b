/**
 * What a generation request becomes before it is sent, for the server at hand: per-request
 * overrides, the scheduler folded into the sampler name before 1.9, and name checks.
 */
import type { CallOptions } from '../core/call.js';
import type { ClientContext } from './context.js';
import { NotFoundError } from '../core/errors.js';
import type { AlwaysOnScripts } from '../extensions/always-on/index.js';
import type { components } from '../generated/a1111-1.10.js';
import { dependsOnFork, type ForgeFields } from '../forks/fields.js';
import type { ImageInput } from '../images/input.js';
import type { Options } from './options.js';
import type { Runner } from '../scripts/index.js';

type Txt2imgBody = components['schemas']['StableDiffusionProcessingTxt2Img'];
type Img2imgBody = components['schemas']['StableDiffusionProcessingImg2Img'];

/**
 * txt2img fields, as the webui names them. Every field is optional; the server fills defaults.
 * `alwayson_scripts` takes `controlNet(…)`, `adetailer(…)` and other scripts spread into one object.
 */
export type Txt2imgParams = Omit<Txt2imgBody, 'force_task_id' | 'alwayson_scripts' | 'override_settings'> & {
  alwayson_scripts?: AlwaysOnScripts | null;
  /** Settings for this request only, typed like `setOptions` (`getOptions()` lists them). */
  override_settings?: Partial<Options> | null;
} & ForgeFields;

/** img2img fields; images may be bytes, Blobs, data URLs, base64 or (Node) file paths. */
export type Img2imgParams = Omit<
  Img2imgBody,
  'force_task_id' | 'init_images' | 'mask' | 'alwayson_scripts' | 'override_settings'
> &
  Pick<ForgeFields, 'distilled_cfg_scale'> & {
    alwayson_scripts?: AlwaysOnScripts | null;
    /** Settings for this request only, typed like `setOptions`. */
    override_settings?: Partial<Options> | null;
    init_images: ImageInput[];
    /** White = repaint. */
    mask?: ImageInput | null;
  };

export interface GenerationOptions extends CallOptions {
  /** Checkpoint for this request only (title, file name, or hash), via `override_settings`. */
  model?: string;
  /** VAE for this request only, via `override_settings.sd_vae`. */
  vae?: string;
  /** CLIP skip for this request only (`CLIP_stop_at_last_layers`). */
  clipSkip?: number;
  /**
   * Check model, VAE, sampler, scheduler and upscaler names against the server's lists before
   * sending (default: the client's `checkNames`, itself default true). The webui silently
   * replaces unknown names with its defaults; the check fails with `NotFoundError` instead.
   * Also checks `script_name` and `alwayson_scripts` keys against the server's scripts, and their
   * arguments against its script-info (`ScriptError`).
   */
  checkNames?: boolean;
}

/** Either kind of generation request. */
export type Shapeable = Txt2imgParams | Img2imgParams;

/** Per-request settings go to `override_settings`, restored by the server after the job. */
function withOverrides<T extends Shapeable>(params: T, options: GenerationOptions): T {
  const overrides: Record<string, unknown> = { ...(params.override_settings ?? {}) };
  if (options.model !== undefined) overrides.sd_model_checkpoint = options.model;
  if (options.vae !== undefined) overrides.sd_vae = options.vae;
  if (options.clipSkip !== undefined) overrides.CLIP_stop_at_last_layers = options.clipSkip;
  return Object.keys(overrides).length === 0 ? params : { ...params, override_settings: overrides };
}

const OLD_SCHEDULER_SUFFIX: Record<string, string> = { karras: 'Karras', exponential: 'Exponential' };

/** Before 1.9 there is no `scheduler` field: Karras and Exponential are part of the sampler name. */
function foldScheduler<T extends Shapeable>(params: T): T {
  const { scheduler, ...rest } = params;
  if (!scheduler || scheduler.toLowerCase() === 'automatic') return rest as T;
  const suffix = OLD_SCHEDULER_SUFFIX[scheduler.toLowerCase()];
  const sampler = rest.sampler_name;
  if (suffix === undefined || !sampler) {
    const why =
      suffix === undefined
        ? 'only karras and exponential exist there, as part of a sampler name'
        : 'give sampler_name with it';
    throw new NotFoundError(
      `scheduler "${scheduler}": this webui predates the scheduler field (1.9); ${why}`,
      404,
      null,
      'check scheduler',
      'unknown-name',
    );
  }
  return { ...rest, sampler_name: sampler.endsWith(suffix) ? sampler : `${sampler} ${suffix}` } as T;
}

/** Fields that carry a name the server lists: a request without any does not load the name checks. */
const NAMED = ['sampler_name', 'scheduler', 'hr_sampler_name', 'hr_scheduler', 'hr_upscaler', 'hr_additional_modules'];
const namesSomething = (params: Shapeable) =>
  NAMED.some((field) => (params as Record<string, unknown>)[field] != null) ||
  Object.keys(params.override_settings ?? {}).length > 0 ||
  Object.keys(params.alwayson_scripts ?? {}).length > 0;

/** Request shaping for the server at hand: overrides, the scheduler for old releases, name checks. */
export async function shapeRequest<T extends Shapeable>(
  ctx: ClientContext,
  params: T,
  options: GenerationOptions,
  runner: Runner,
): Promise<T> {
  let shaped = withOverrides(params, options);
  if (dependsOnFork(shaped)) shaped = await (await import('../forks/index.js')).shapeForFork(ctx, shaped);
  if (shaped.scheduler != null && !(await ctx.features.get()).schedulers) shaped = foldScheduler(shaped);
  // Scripts first: a script the server lacks says more than the names inside its arguments.
  const namesScripts = !!shaped.script_name || Object.keys(shaped.alwayson_scripts ?? {}).length > 0;
  if (namesScripts && (options.checkNames ?? ctx.scripts.enabled)) shaped = await ctx.scripts.check(runner, shaped);
  if ((options.checkNames ?? ctx.names.enabled) && namesSomething(shaped))
    await ctx.names.checkAll('request', shaped as Record<string, unknown>);
  if (shaped.alwayson_scripts != null) {
    const fork = async () => (await ctx.features.get()).fork;
    // Loaded only for requests with scripts, like the extension helpers that fill them.
    const { encodeAlwaysOnScripts } = await import('../extensions/always-on/index.js');
    const encoded = await encodeAlwaysOnScripts(shaped.alwayson_scripts, fork);
    shaped = { ...shaped, alwayson_scripts: encoded };
  }
  return shaped;
}
