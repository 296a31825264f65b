import { randomInt } from 'node:crypto';
import { httpException, pythonException } from '../errors/index.js';
import { toPlain, type PyJson } from '../python/index.js';
import { resolveSampler } from '../samplers/index.js';
import type { WebuiContext } from './context.js';
import { decodeImageInput, imageUrlPolicy } from './image-input.js';
import { checkAlwaysOnScripts, checkSelectableScript } from './scripts.js';
import type { GenerationKind, GenerationRequest } from './request.js';

/** The sizes and counts of one generation: what it costs, known from the request alone. */
export interface PlanShape {
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
}

/** What one generation will make, resolved from the request before any work starts. */
export interface GenerationPlan extends PlanShape {
  kind: GenerationKind;
  /** img2img's mask, decoded while planning as the webui does (its pixels load under the lock). */
  mask: Uint8Array | undefined;
  sampler: string;
  scheduleType: string | undefined;
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
 * Checks, in the webui's order, img2img's inputs (init images present, the mask decoded), the
 * selectable script, the sampler and the always-on scripts, and resolves sizes, batch,
 * iterations and passes; throws the webui's errors. `params` is the validated request as
 * Python values, `request` the same as plain values.
 */
export function planGeneration(
  ctx: WebuiContext,
  kind: GenerationKind,
  params: Record<string, PyJson>,
  request: GenerationRequest,
): GenerationPlan {
  let mask: Uint8Array | undefined;
  if (kind === 'img2img') {
    if (request.init_images === null || request.init_images === undefined)
      throw httpException(404, 'Init image not found');
    if (request.mask) mask = decodeImageInput(params.mask, imageUrlPolicy(ctx.options));
  }
  checkSelectableScript(ctx, kind, request.script_name);
  const samplerName = request.sampler_name || request.sampler_index || 'Euler';
  const { sampler, scheduleType } = resolveSampler(ctx.profile, samplerName, request.scheduler ?? null);
  checkAlwaysOnScripts(ctx, kind, params.alwayson_scripts);
  const shape = planShape(kind, request);
  // Forge's hires init tests `'Use same choices' in hr_additional_modules` (processing.py L1405,
  // EXTENSIONS.md §3.4); the real server fails there under the queue lock, the mock before it.
  if (shape.hires && ctx.profile.fork !== null && (params.hr_additional_modules ?? null) === null) {
    throw pythonException('TypeError', "argument of type 'NoneType' is not iterable");
  }
  return {
    kind,
    mask,
    sampler,
    scheduleType,
    ...shape,
    prompt: request.prompt ?? '',
    negative: request.negative_prompt ?? '',
  };
}

/** The request fields `planShape` reads. */
type ShapeFields = Pick<
  GenerationRequest,
  | 'width'
  | 'height'
  | 'steps'
  | 'enable_hr'
  | 'hr_scale'
  | 'hr_resize_x'
  | 'hr_resize_y'
  | 'hr_second_pass_steps'
  | 'batch_size'
  | 'n_iter'
>;

/** Sizes, batch, iterations and passes of a request, without any check: what `planGeneration` resolves them to. */
function planShape(kind: GenerationKind, request: ShapeFields): PlanShape {
  const width = request.width ?? 512;
  const height = request.height ?? 512;
  const steps = Math.max(1, request.steps ?? 50);
  const hires = kind === 'txt2img' && request.enable_hr === true;
  const scale = request.hr_scale ?? 2;
  return {
    width,
    height,
    outWidth: hires ? request.hr_resize_x || Math.floor(width * scale) : width,
    outHeight: hires ? request.hr_resize_y || Math.floor(height * scale) : height,
    batchSize: Math.max(1, request.batch_size ?? 1),
    nIter: Math.max(1, request.n_iter ?? 1),
    steps,
    hires,
    passSteps: [steps, ...(hires ? [request.hr_second_pass_steps || steps] : [])],
  };
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

const SHAPE_FIELDS = [
  'width',
  'height',
  'steps',
  'enable_hr',
  'hr_scale',
  'hr_resize_x',
  'hr_resize_y',
  'hr_second_pass_steps',
  'batch_size',
  'n_iter',
] as const satisfies ReadonlyArray<keyof ShapeFields>;

/** `planShape` of validated parameters, converting only the fields it reads (a script's jobs are sized so, each). */
export function shapeOf(kind: GenerationKind, params: Record<string, PyJson>): PlanShape {
  const fields: Record<string, unknown> = {};
  for (const field of SHAPE_FIELDS) fields[field] = toPlain(params[field]);
  return planShape(kind, fields as ShapeFields);
}
