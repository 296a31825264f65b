import type { ClientContext } from '../core/context.js';
import { callApi, type CallOptions } from '../core/request.js';
import type { components } from '../generated/a1111-1.10.js';
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
}

export interface GenerationResult {
  /** Decoded images, each with its infotext and seed. A grid, when the server adds one, comes first. */
  images: GeneratedImage[];
  info: GenerationInfo;
  /** The request as the server understood it (defaults filled, values coerced). */
  parameters: Record<string, unknown>;
}

function newTaskId(): string {
  const random = Array.from(crypto.getRandomValues(new Uint8Array(8)), (byte) => byte.toString(16).padStart(2, '0')).join('');
  return `task(sdwebui-${random})`;
}

/** Per-request settings go to `override_settings`, restored by the server after the job. */
function withOverrides<T extends { override_settings?: Record<string, unknown> | null }>(params: T, options: GenerationOptions): T {
  const overrides: Record<string, unknown> = { ...(params.override_settings ?? {}) };
  if (options.model !== undefined) overrides.sd_model_checkpoint = options.model;
  if (options.vae !== undefined) overrides.sd_vae = options.vae;
  if (options.clipSkip !== undefined) overrides.CLIP_stop_at_last_layers = options.clipSkip;
  return Object.keys(overrides).length === 0 ? params : { ...params, override_settings: overrides };
}

function toResult(data: { images?: string[] | null; info: string; parameters: unknown }): GenerationResult {
  const info = parseGenerationInfo(data.info);
  const offset = info.index_of_first_image ?? 0;
  const images = (data.images ?? []).map((image, index) =>
    decodeImage(image, info.infotexts?.[index], index >= offset ? info.all_seeds?.[index - offset] : undefined),
  );
  return { images, info, parameters: (data.parameters ?? {}) as Record<string, unknown> };
}

/**
 * Starts a generation and returns its `Job` at once. The POST is never retried: a lost answer
 * does not mean the server did not run it.
 */
/** Runs the request inside `around` (sticky model mode holds its lock there). */
export type Around = <T>(work: () => Promise<T>) => Promise<T>;

const direct: Around = (work) => work();

/**
 * Starts a generation and returns its `Job` at once. The POST is never retried: a lost answer
 * does not mean the server did not run it.
 */
function startJob(
  ctx: ClientContext,
  path: '/sdapi/v1/txt2img' | '/sdapi/v1/img2img',
  buildBody: (taskId: string) => Promise<Txt2imgBody | Img2imgBody>,
  options: GenerationOptions,
  around: Around,
): Job<GenerationResult> {
  const taskId = newTaskId();
  const controller = new AbortController();
  const signal = options.signal ? AbortSignal.any([options.signal, controller.signal]) : controller.signal;
  const send = async () => {
    const body = await buildBody(taskId);
    const data = await callApi(
      ctx.settings,
      `POST ${path}`,
      (s) => (path === '/sdapi/v1/txt2img' ? ctx.raw.POST(path, { body: body as Txt2imgBody, signal: s }) : ctx.raw.POST(path, { body: body as Img2imgBody, signal: s })),
      { signal, idempotent: false, ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}) },
    );
    return toResult(data);
  };
  return new Job(taskId, createJobHost(ctx), controller, around(send));
}

export function txt2img(ctx: ClientContext, params: Txt2imgParams, options: GenerationOptions = {}, around: Around = direct): Job<GenerationResult> {
  return startJob(ctx, '/sdapi/v1/txt2img', async (taskId) => ({ ...withOverrides(params, options), force_task_id: taskId }), options, around);
}

export function img2img(ctx: ClientContext, params: Img2imgParams, options: GenerationOptions = {}, around: Around = direct): Job<GenerationResult> {
  return startJob(
    ctx,
    '/sdapi/v1/img2img',
    async (taskId) => {
      const { init_images, mask, ...rest } = withOverrides(params, options);
      return {
        ...rest,
        init_images: await Promise.all(init_images.map(toImageField)),
        ...(mask != null ? { mask: await toImageField(mask) } : {}),
        force_task_id: taskId,
      };
    },
    options,
    around,
  );
}
