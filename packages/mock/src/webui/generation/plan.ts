import { randomInt } from 'node:crypto';
import { httpException, pythonException } from '../../fastapi/errors/index.js';
import { resolveSampler } from '../samplers/index.js';
import { checkScriptNames } from '../scripts/index.js';
import type { WebuiContext } from './context.js';
import { decodeImageInput } from './image-input.js';
import type { GenerationKind, GenerationRequest } from './request.js';

/** Above this many output pixels the mock answers like a GPU out of memory, instead of trying. */
const MAX_PIXELS = 64 * 1024 * 1024;

/** What one generation will make, resolved from the request before any work starts. */
export interface GenerationPlan {
  kind: GenerationKind;
  sampler: string;
  scheduleType: string | undefined;
  /** Size the infotext reports (the first pass). */
  width: number;
  height: number;
  /** Size of the images returned (after hires fix, if any). */
  outWidth: number;
  outHeight: number;
  batchSize: number;
  nIter: number;
  steps: number;
  hires: boolean;
  /** Steps of each pass: one, or two with hires fix. */
  passSteps: number[];
  prompt: string;
  negative: string;
}

/** Seeds of one job, drawn when it starts as the webui draws them. */
export interface GenerationSeeds {
  seed: number;
  subseed: number;
  variation: boolean;
  /** One per image: `batch_size × n_iter`. */
  allSeeds: number[];
  allSubseeds: number[];
}

/**
 * Checks scripts, img2img's inputs (presence, and the mask) and the sampler, in the webui's order,
 * and resolves sizes, batch, iterations and passes; throws the webui's errors.
 */
export function planGeneration(ctx: WebuiContext, kind: GenerationKind, request: GenerationRequest): GenerationPlan {
  checkScriptNames(ctx, kind, request);
  if (kind === 'img2img') {
    if (request.init_images === null || request.init_images === undefined) throw httpException(404, 'Init image not found');
    if (request.mask) decodeImageInput(request.mask);
  }
  const samplerName = request.sampler_name ?? request.sampler_index ?? 'Euler';
  const { sampler, scheduleType } = resolveSampler(ctx.profile, samplerName, request.scheduler ?? null);
  const width = request.width ?? 512;
  const height = request.height ?? 512;
  const steps = Math.max(1, request.steps ?? 50);
  const hires = kind === 'txt2img' && request.enable_hr === true;
  const scale = request.hr_scale ?? 2;
  return {
    kind,
    sampler,
    scheduleType,
    width,
    height,
    outWidth: hires ? request.hr_resize_x || Math.floor(width * scale) : width,
    outHeight: hires ? request.hr_resize_y || Math.floor(height * scale) : height,
    batchSize: Math.max(1, request.batch_size ?? 1),
    nIter: Math.max(1, request.n_iter ?? 1),
    steps,
    hires,
    passSteps: [steps, ...(hires ? [request.hr_second_pass_steps || steps] : [])],
    prompt: request.prompt ?? '',
    negative: request.negative_prompt ?? '',
  };
}

/** Refuses a plan whose output would not fit a GPU, as a CUDA out-of-memory error. */
export function checkBudget(plan: GenerationPlan): void {
  const { outWidth, outHeight, batchSize, nIter } = plan;
  if (outWidth * outHeight * batchSize * nIter > MAX_PIXELS) {
    const mib = Math.round((outWidth * outHeight * 4 * batchSize) / 2 ** 20);
    throw pythonException('OutOfMemoryError', `CUDA out of memory. Tried to allocate ${mib} MiB (mock webui limit)`);
  }
}

/** `-1` (or none) draws a random seed; without variation each image's seed is the first plus its index. */
export function drawSeeds(plan: GenerationPlan, request: GenerationRequest): GenerationSeeds {
  const seed = request.seed === null || request.seed === -1 ? randomInt(0, 4294967294) : request.seed;
  const subseed = request.subseed === null || request.subseed === -1 ? randomInt(0, 4294967294) : request.subseed;
  const variation = (request.subseed_strength ?? 0) !== 0;
  const count = plan.batchSize * plan.nIter;
  return {
    seed,
    subseed,
    variation,
    allSeeds: Array.from({ length: count }, (_, i) => (variation ? seed : seed + i)),
    allSubseeds: Array.from({ length: count }, (_, i) => subseed + i),
  };
}
