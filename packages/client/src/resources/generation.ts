import { call, type CallOptions } from '../core/call.js';
import type { ClientContext, NameKind } from '../core/context.js';
import { BadResponseError, NotFoundError, TimeoutError } from '../core/errors.js';
import type { components } from '../generated/a1111-1.10.js';
import { isBase64 } from '../images/base64.js';
import { decodeImage, type GeneratedImage } from '../images/output.js';
import { toImageField, type ImageInput } from '../images/input.js';
import { Job } from '../job/index.js';
import { parseGenerationInfo, type GenerationInfo } from './info.js';
import { createJobHost } from './progress.js';

type Txt2imgBody = components['schemas']['StableDiffusionProcessingTxt2Img'];
type Img2imgBody = components['schemas']['StableDiffusionProcessingImg2Img'];

/** txt2img fields, as the webui names them. Every field is optional; the server fills defaults. */
export type Txt2imgParams = Omit<Txt2imgBody, 'force_task_id'>;

/** img2img fields; images may be bytes, Blobs, data URLs, base64 or (Node) file paths. */
export type Img2imgParams = Omit<Img2imgBody, 'force_task_id' | 'init_images' | 'mask'> & {
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
   */
  checkNames?: boolean;
}

export interface GenerationResult {
  /** Decoded images, each with its infotext and seed. A grid, when the server adds one, comes first. */
  images: GeneratedImage[];
  info: GenerationInfo;
  /** The request as the server understood it (defaults filled, values coerced). */
  parameters: Record<string, unknown>;
}

/** Runs the request inside `around` (sticky model mode holds its lock there). */
export type Around = <T>(work: () => Promise<T>) => Promise<T>;

type Operation = 'POST /sdapi/v1/txt2img' | 'POST /sdapi/v1/img2img';
type Shapeable = Txt2imgParams | Img2imgParams;

function newTaskId(): string {
  const random = Array.from(crypto.getRandomValues(new Uint8Array(8)), (byte) =>
    byte.toString(16).padStart(2, '0'),
  ).join('');
  return `task(sdwebui-${random})`;
}

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

function namesIn(params: Shapeable): Array<[NameKind, unknown]> {
  const overrides = params.override_settings ?? {};
  const hires = params as Partial<Txt2imgBody>;
  return [
    ['model', overrides.sd_model_checkpoint],
    ['vae', overrides.sd_vae],
    ['sampler', params.sampler_name],
    ['scheduler', params.scheduler],
    ['sampler', hires.hr_sampler_name],
    ['scheduler', hires.hr_scheduler],
    ['hires-upscaler', hires.hr_upscaler],
  ];
}

/** Request shaping for the server at hand: overrides, the scheduler for old releases, name checks. */
async function shape<T extends Shapeable>(ctx: ClientContext, params: T, options: GenerationOptions): Promise<T> {
  let shaped = withOverrides(params, options);
  if (shaped.scheduler != null && !(await ctx.features.get()).schedulers) shaped = foldScheduler(shaped);
  if (options.checkNames ?? ctx.names.enabled) {
    const names = namesIn(shaped).filter(
      (entry): entry is [NameKind, string] => typeof entry[1] === 'string' && entry[1] !== '',
    );
    await Promise.all(names.map(([kind, name]) => ctx.names.check(kind, name)));
  }
  return shaped;
}

function toResult(
  operation: Operation,
  data: { images?: string[] | null; info: string; parameters: unknown },
): GenerationResult {
  const info = parseGenerationInfo(data.info);
  const offset = info.index_of_first_image ?? 0;
  const images = (data.images ?? []).map((image, index) => {
    if (typeof image !== 'string' || !isBase64(image)) {
      throw new BadResponseError(operation, 200, `images[${index}] is not a base64 image`);
    }
    return decodeImage(image, info.infotexts?.[index], index >= offset ? info.all_seeds?.[index - offset] : undefined);
  });
  return { images, info, parameters: (data.parameters ?? {}) as Record<string, unknown> };
}

/**
 * Starts a generation and returns its `Job` at once. The POST is never retried: a lost answer
 * does not mean the server did not run it. A timeout stops the job on the server.
 */
function startJob<T extends Shapeable>(
  ctx: ClientContext,
  operation: Operation,
  params: T,
  toBody: (shaped: T, taskId: string) => Promise<Txt2imgBody | Img2imgBody>,
  options: GenerationOptions,
  around: Around,
): Job<GenerationResult> {
  const taskId = newTaskId();
  const controller = new AbortController();
  const signal = options.signal ? AbortSignal.any([options.signal, controller.signal]) : controller.signal;
  const { timeoutMs, onResponse } = options;
  const send = async () => {
    const body = await toBody(await shape(ctx, params, options), taskId);
    try {
      const data = await call(ctx, operation, { body: body as never }, { signal, timeoutMs, onResponse });
      return toResult(operation, data);
    } catch (error) {
      if (!(error instanceof TimeoutError)) throw error;
      const stopped = await job.stopOnServer().then(
        () => true,
        () => false,
      );
      const advice = stopped
        ? 'the job was stopped on the server; raise timeoutMs to wait longer'
        : 'stopping the job on the server failed; call client.interrupt() if it still runs';
      throw new TimeoutError(error.timeoutMs, operation, advice);
    }
  };
  const job: Job<GenerationResult> = new Job(taskId, createJobHost(ctx), controller, around(send), options.signal);
  return job;
}

export function txt2img(
  ctx: ClientContext,
  params: Txt2imgParams,
  options: GenerationOptions,
  around: Around,
): Job<GenerationResult> {
  return startJob(
    ctx,
    'POST /sdapi/v1/txt2img',
    params,
    async (shaped, taskId) => ({ ...shaped, force_task_id: taskId }),
    options,
    around,
  );
}

export function img2img(
  ctx: ClientContext,
  params: Img2imgParams,
  options: GenerationOptions,
  around: Around,
): Job<GenerationResult> {
  return startJob(
    ctx,
    'POST /sdapi/v1/img2img',
    params,
    async ({ init_images, mask, ...rest }, taskId) => ({
      ...rest,
      init_images: await Promise.all(init_images.map(toImageField)),
      ...(mask != null ? { mask: await toImageField(mask) } : {}),
      force_task_id: taskId,
    }),
    options,
    around,
  );
}
