import { createHash } from 'node:crypto';
import { httpException } from '../../errors/index.js';
import { checkBudget, ResponseBudget } from '../../generation/budget.js';
import { pngSize } from '../../png/index.js';
import { jpegSize } from '../../png/jpeg.js';
import { pythonJsonDumps, escapeFreeStrings } from '../../python/json-dumps.js';
import { toPlain, type PyJson } from '../../python/index.js';
import type { SdnextContext } from '../context.js';
import { decodeSdnextImage, decodeSdnextImageYielding } from '../image/decode.js';
import { encodeSdnextImage } from '../image/index.js';
import { Reply } from '../reply.js';
import { type DescribedJob, sdnextInfo, sdnextInfotext } from './describe.js';
import { finishEcho, prepareFace } from './echo.js';
import { drawSdnextSeeds, planSdnextGeneration } from './plan.js';
import { processIterations } from './phases.js';
import type { SdnextGenerationKind, SdnextGenerationRequest } from './request.js';

const JOB_TITLES = { txt2img: 'API-TXT', img2img: 'API-IMG' } as const;

/** `image_grid`'s layout without `n_rows`/`n_cols`: rows the largest divisor of n up to √n. */
function gridSize(count: number): [number, number] {
  let rows = Math.floor(Math.sqrt(count));
  while (count % rows !== 0) rows--;
  return [rows, Math.ceil(count / rows)];
}

/** The first init image's size and a hash of it (SD.Next hashes the pixels; the mock the file). */
function initInfo(bytes: Uint8Array): { width: number; height: number; hash: string } {
  const size = pngSize(bytes) ?? jpegSize(bytes) ?? { width: 0, height: 0 };
  return { ...size, hash: createHash('sha256').update(bytes).digest('hex').slice(0, 8) };
}

/**
 * POST /sdapi/v1/txt2img and /img2img as `APIGenerate` runs them: img2img without `init_images` is the
 * handler's own 400; the mask is decoded and the sampler checked (404) before the queue lock; then,
 * holding it, the processing object (a null seed is a TypeError), the init images, `begin("API-…")`,
 * the always-on scripts (the mock has none: any name is 422, and like SD.Next it leaves that job
 * running), and `process_images`, which gives nothing when no model is loaded or
 * `sd_model_checkpoint` names no checkpoint (200 with no images and `info` ""). Images are encoded in
 * the global `samples_format`; `parameters` is the validated request as the handler left it.
 */
export async function sdnextGenerate(
  ctx: SdnextContext,
  kind: SdnextGenerationKind,
  params: Record<string, PyJson>,
): Promise<Record<string, PyJson> | Reply> {
  const request = toPlain(params) as SdnextGenerationRequest;
  const echo = {
    ...params,
    script_args: Array.isArray(params.script_args) ? [...params.script_args] : params.script_args,
  } as Record<string, PyJson>;
  prepareFace(kind, echo);
  if (kind === 'img2img' && (request.init_images === null || request.init_images === undefined)) {
    return new Reply(400, { error: 'Init image is none' });
  }
  const mask = kind === 'img2img' && request.mask ? decodeSdnextImage(params.mask) : null;
  const sampler = ctx.samplers.validate(request.sampler_name || request.sampler_index);
  const plan = planSdnextGeneration(kind, request, sampler, mask !== null);
  const saveGrid =
    request.save_images && (ctx.options.get('return_grid') !== false || ctx.options.get('grid_save') !== false);
  const bytes = (value: PyJson | undefined) => (typeof value === 'string' ? Buffer.byteLength(value) : 0);
  const styles = Array.isArray(params.styles) ? (params.styles as PyJson[]).map(bytes).reduce((a, b) => a + b, 0) : 0;
  checkBudget(
    {
      ...plan,
      hires: plan.hiresSteps > 0,
      passSteps: plan.hiresSteps > 0 ? [plan.steps, plan.hiresSteps] : [plan.steps],
      nIter: saveGrid ? plan.nIter * 2 : plan.nIter,
    },
    // The prompts, and what else the request writes into every infotext (refiner prompts, styles, sampler).
    {
      prompts: bytes(params.prompt) + bytes(params.negative_prompt),
      other: bytes(params.refiner_prompt) + bytes(params.refiner_negative) + styles + bytes(params.sampler_name),
      once: styles,
    },
  );

  using _turn = await ctx.lock.acquire();
  const now = () => ctx.now() / 1000;
  const checkpoint = request.sd_model_checkpoint;
  // A named checkpoint switches the model for good; one that is no checkpoint aborts the job.
  const abort = checkpoint !== null && checkpoint !== '' && ctx.models.select(checkpoint) === null;
  if (!abort && checkpoint) ctx.options.store('sd_model_checkpoint', checkpoint);
  for (const adapter of request.ip_adapter ?? []) {
    if (!adapter.images || adapter.images.length === 0) continue;
    for (const image of adapter.images) decodeSdnextImage(image as PyJson);
    for (const image of adapter.masks ?? []) decodeSdnextImage(image as PyJson);
  }
  if (request.ip_adapter && request.ip_adapter.length > 0) delete echo.ip_adapter;
  let init: DescribedJob['init'];
  if (kind === 'img2img') {
    for (const [index, image] of (params.init_images as PyJson[]).entries()) {
      const bytes = await decodeSdnextImageYielding(image);
      if (index === 0 && bytes !== null) init = initInfo(bytes);
    }
  }
  const job = ctx.state.begin(JOB_TITLES[kind], now());
  const alwayson = Object.keys(request.alwayson_scripts ?? {});
  if (alwayson.length > 0) throw httpException(422, `Always on script not found: ${alwayson[0]}`);

  // process_images: an override naming a checkpoint loads it for this job (reload_model_weights) and the
  // restore loads the stored one back; an override naming none is dropped (a warning on SD.Next's log).
  const overrides = { ...((params.override_settings ?? {}) as Record<string, PyJson>) };
  if (overrides.sd_model_checkpoint != null && !ctx.models.knows(overrides.sd_model_checkpoint))
    delete overrides.sd_model_checkpoint;
  let made: MadeImages | undefined;
  let info = '';
  const stored = ctx.models.loaded;
  if (!abort && stored !== null) {
    const restore = ctx.options.override(overrides);
    const switched = overrides.sd_model_checkpoint != null;
    const model = switched ? (ctx.models.select(overrides.sd_model_checkpoint) ?? stored) : stored;
    try {
      const seeds = drawSdnextSeeds(ctx, plan, request);
      const described: DescribedJob = { plan, seeds, params, model, ...(init ? { init } : {}) };
      made = await makeImages(ctx, described, saveGrid);
      info = pythonJsonDumps(sdnextInfo(described, made.infotexts, made.indexOfFirstImage, ctx.state.jobTimestamp));
    } finally {
      if (request.override_settings_restore_afterwards !== false) {
        restore();
        if (switched) ctx.models.select(ctx.options.get('sd_model_checkpoint'));
      }
    }
  }
  ctx.state.end(job, now());
  // Encoded after the overrides are undone: only the global samples_format decides the format.
  const images = made !== undefined && request.send_images ? await encodeAll(ctx, made.images) : [];
  return { images, parameters: finishEcho(kind, echo), info };
}

interface MadeImage {
  key: string;
  infotext: string;
  width: number;
  height: number;
}

interface MadeImages {
  images: MadeImage[];
  infotexts: string[];
  indexOfFirstImage: number;
}

/** The response's images in the output format, counted against the byte budget as each is encoded. */
async function encodeAll(ctx: SdnextContext, made: readonly MadeImage[]): Promise<string[]> {
  const budget = new ResponseBudget();
  const images = escapeFreeStrings([]);
  for (const item of made) {
    const image = await encodeSdnextImage(ctx, item.width, item.height, item.key, item.infotext);
    budget.spend(image.length + item.infotext.length, `${images.length + 1} of ${made.length} images`);
    images.push(image);
  }
  return images;
}

/** Runs the job and describes what it made (images and infotexts; a grid first when one is saved). */
async function makeImages(ctx: SdnextContext, job: DescribedJob, saveGrid: boolean): Promise<MadeImages> {
  const { plan, seeds } = job;
  const results = await processIterations(ctx, plan, seeds);
  const images: MadeImage[] = [];
  for (const result of results) {
    if (result.kind === 'none') continue;
    const count = result.kind === 'images' ? plan.batchSize : 1;
    for (let i = 0; i < count; i++) {
      const at = result.iteration * plan.batchSize + i;
      const key = `${seeds.allSeeds[at]}|${plan.prompt}${result.kind === 'preview' ? `|${result.step}` : ''}`;
      const infotext = sdnextInfotext(ctx, job, result.iteration, i);
      images.push({ key, infotext, width: plan.outWidth, height: plan.outHeight });
    }
  }
  const infotexts = images.map((item) => item.infotext);
  if (!saveGrid || images.length < 2) return { images, infotexts, indexOfFirstImage: 0 };
  const [rows, columns] = gridSize(images.length);
  const infotext = sdnextInfotext(ctx, job, 0, 0, `${rows}x${columns}`);
  const grid = {
    key: `grid|${images[0]?.key}`,
    infotext,
    width: plan.outWidth * columns,
    height: plan.outHeight * rows,
  };
  return { images: [grid, ...images], infotexts: [infotext, ...infotexts], indexOfFirstImage: 1 };
}
