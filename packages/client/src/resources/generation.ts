import { call, type DataOf, type InitOf } from '../core/call.js';
import type { ClientContext } from './context.js';
import { nextTurn } from '../core/answer-body/index.js';
import { BadResponseError, TimeoutError } from '../core/errors.js';
import type { ExtraImageLabel } from '../extensions/extra-images/index.js';
import { decodeImage, type GeneratedImage } from '../images/output.js';
import { toImageField } from '../images/input.js';
import { Job } from '../job/index.js';
import {
  shapeRequest,
  type GenerationOptions,
  type Img2imgParams,
  type Shapeable,
  type Txt2imgParams,
} from './generation-request.js';
import { parseGenerationInfo, type GenerationInfo } from './info.js';
import { createJobHost } from './progress.js';

/** An image an extension added after the generated ones (a ControlNet detected map), with where it came from. */
export type ExtraImage = GeneratedImage & ExtraImageLabel;

export interface GenerationResult {
  /** Decoded images, each with its infotext and seed. A grid, when the server adds one, comes first. */
  images: GeneratedImage[];
  /**
   * Images extensions appended after the generated ones (ControlNet's detected maps), labelled
   * `{ source: 'controlnet', unit }`; `[]` when there are none. The server sends no infotext for them.
   */
  extraImages: ExtraImage[];
  info: GenerationInfo;
  /** The request as the server understood it (defaults filled, values coerced). */
  parameters: Record<string, unknown>;
}

/** Runs the request inside `around` (sticky model mode holds its lock there). */
export type Around = <T>(work: () => Promise<T>) => Promise<T>;

type Operation = 'POST /sdapi/v1/txt2img' | 'POST /sdapi/v1/img2img';
function newTaskId(): string {
  const random = Array.from(crypto.getRandomValues(new Uint8Array(8)), (byte) =>
    byte.toString(16).padStart(2, '0'),
  ).join('');
  return `task(sdwebui-${random})`;
}
/** What a generation can answer with: the webui encodes every image in `samples_format` (PNG, JPEG or WebP). */
const OUTPUT_TYPES = new Set(['image/png', 'image/jpeg', 'image/webp']);

/** Base64 characters decoded between two turns of the event loop. */
const DECODE_PER_TURN = 4 * 1024 * 1024;

/** Images a selectable script (X/Y/Z plot's cells, a prompt matrix, a prompts file's lines) may make of each one asked for. */
const SCRIPT_FAN_OUT = 1024;

/** The most images a request can bring back: batch × iterations and a grid, each a script's fan-out, and extension maps. */
async function mostImages(request: Shapeable): Promise<number> {
  const count = (value: unknown) => (Number.isInteger(value) && (value as number) > 0 ? (value as number) : 1);
  const generated =
    (count(request.batch_size) * count(request.n_iter) + 1) * (request.script_name ? SCRIPT_FAN_OUT : 1);
  // Maps are counted where extension images are labelled, loaded only for requests with always-on scripts.
  if (request.alwayson_scripts == null) return generated;
  return generated + (await import('../extensions/extra-images/index.js')).mostMaps(request.alwayson_scripts);
}

async function toResult(operation: Operation, data: DataOf<Operation>, request: Shapeable): Promise<GenerationResult> {
  // Counted before anything is decoded: a hostile server's list must not cost more than the request allows.
  const most = await mostImages(request);
  const sent = data.images ?? [];
  if (sent.length > most)
    throw new BadResponseError(operation, 200, `${sent.length} images, where the request allows at most ${most}`);
  const info = parseGenerationInfo(data.info);
  if (info === undefined) throw new BadResponseError(operation, 200, '"info" is not a JSON object');
  const offset = typeof info.index_of_first_image === 'number' ? info.index_of_first_image : 0;
  // Per-image metadata only when it has the right type: a hostile `info` must not make a seed of a character.
  const infotext = (index: number) => (Array.isArray(info.infotexts) ? info.infotexts[index] : undefined);
  const seed = (index: number) =>
    Array.isArray(info.all_seeds) && index >= offset ? info.all_seeds[index - offset] : undefined;
  const images: GeneratedImage[] = [];
  // Decoding is bounded per turn of the event loop (about 4 MB of base64, a few ms): a large batch
  // never holds the loop for the whole answer, nor does a server that sends one.
  let sinceTurn = 0;
  for (const [index, image] of sent.entries()) {
    sinceTurn += typeof image === 'string' ? image.length : 0;
    if (sinceTurn > DECODE_PER_TURN) {
      sinceTurn = 0;
      await nextTurn();
    }
    const text = infotext(index);
    const number = seed(index);
    const decoded = decodeImage(
      image,
      typeof text === 'string' ? text : undefined,
      typeof number === 'number' ? number : undefined,
    );
    if (decoded === undefined) throw new BadResponseError(operation, 200, `images[${index}] is not a base64 image`);
    if (!OUTPUT_TYPES.has(decoded.mimeType))
      throw new BadResponseError(operation, 200, `images[${index}] is not a PNG, JPEG or WebP image`);
    images.push(decoded);
  }
  // Fewer infotexts than images means extensions appended images (EXTENSIONS.md §1.7): only then
  // is their labelling loaded, so apps without extensions do not ship it.
  const { generated, extras } =
    Array.isArray(info.infotexts) && info.infotexts.length < images.length
      ? (await import('../extensions/extra-images/index.js')).splitExtraImages(
          images.length,
          info.infotexts,
          request.alwayson_scripts,
        )
      : { generated: images.length, extras: [] };
  const extraImages = extras.map((label, index) => ({ ...(images[generated + index] as GeneratedImage), ...label }));
  return {
    images: images.slice(0, generated),
    extraImages,
    info,
    parameters: (data.parameters ?? {}) as Record<string, unknown>,
  };
}

/**
 * Starts a generation and returns its `Job` at once. The POST is never retried: a lost answer
 * does not mean the server did not run it. A timeout stops the job on the server.
 */
function startJob<K extends Operation, T extends Shapeable>(
  ctx: ClientContext,
  operation: K,
  params: T,
  toInit: (shaped: T, taskId: string) => Promise<InitOf<K>>,
  options: GenerationOptions,
  around: Around,
): Job<GenerationResult> {
  const taskId = newTaskId();
  const controller = new AbortController();
  const signal = options.signal ? AbortSignal.any([options.signal, controller.signal]) : controller.signal;
  const { timeoutMs, onResponse } = options;
  const send = async () => {
    const runner = operation === 'POST /sdapi/v1/img2img' ? 'img2img' : 'txt2img';
    const shaped = await shapeRequest(ctx, params, options, runner);
    const init = await toInit(shaped, taskId);
    try {
      // Both routes answer the same shape; TypeScript cannot see that through the generic key.
      const data = (await call(ctx, operation, init, { signal, timeoutMs, onResponse })) as DataOf<Operation>;
      return await toResult(operation, data, shaped);
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
    async (shaped, taskId) => ({ body: { ...shaped, force_task_id: taskId } }),
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
      body: {
        ...rest,
        init_images: await Promise.all(init_images.map(toImageField)),
        ...(mask != null ? { mask: await toImageField(mask) } : {}),
        force_task_id: taskId,
      },
    }),
    options,
    around,
  );
}
