import { randomInt } from 'node:crypto';
import { pythonException } from '../../errors/index.js';
import type { PlanShape } from '../../generation/plan.js';
import type { SdnextContext } from '../context.js';
import type { SdnextGenerationKind, SdnextGenerationRequest } from './request.js';

/**
 * What one generation makes, resolved before any work starts. `width`/`height` are rounded down to the
 * VAE's multiple of 8 (the infotext's `Size`); `outWidth`/`outHeight` are upscaled by hires fix when it
 * resizes.
 */
export interface SdnextPlan
  extends Pick<PlanShape, 'width' | 'height' | 'outWidth' | 'outHeight' | 'batchSize' | 'nIter' | 'steps'> {
  kind: SdnextGenerationKind;
  sampler: string;
  /** Steps of the hires pass, 0 without one. */
  hiresSteps: number;
  /** `p.ops`: `txt2img`/`img2img`/`inpaint`, `upscale`, `hires`. */
  ops: string[];
  prompt: string;
  negative: string;
}

/** Seeds of one job as `process_init` draws them. */
export interface SdnextSeeds {
  allSeeds: number[];
  allSubseeds: number[];
}

/** `vae_scale_factor * int(x / vae_scale_factor)` with SD.Next's factor 8. */
const roundToVae = (value: number) => 8 * Math.trunc(value / 8);

/**
 * The processing object SD.Next builds under the queue lock (`StableDiffusionProcessing.__init__`) and
 * what `process_images` will do with it: `int(seed)` of a null seed is Python's `TypeError`; sizes come
 * down to a multiple of 8 (a null or 0 size is 1024); hires fix upscales when `hr_resize_mode` > 0
 * and runs a second pass when its upscaler is a latent one or `hr_force` is set, with strength > 0.
 */
export function planSdnextGeneration(
  kind: SdnextGenerationKind,
  request: SdnextGenerationRequest,
  sampler: string,
  hasMask: boolean,
): SdnextPlan {
  for (const field of ['seed', 'subseed'] as const) {
    if (request[field] === null) {
      throw pythonException(
        'TypeError',
        "int() argument must be a string, a bytes-like object or a real number, not 'NoneType'",
      );
    }
  }
  const width = roundToVae(request.width || 1024);
  const height = roundToVae(request.height || 1024);
  const ops = [kind === 'img2img' && hasMask ? 'inpaint' : kind];
  let outWidth = width;
  let outHeight = height;
  let hiresSteps = 0;
  if (kind === 'txt2img' && request.enable_hr === true) {
    const mode = request.hr_resize_mode ?? 0;
    const upscaler = request.hr_upscaler ?? 'None';
    if (mode > 0 && (upscaler !== 'None' || mode === 5)) {
      ops.push('upscale');
      const scale = request.hr_scale ?? 2;
      const fixed = (request.hr_resize_x ?? 0) > 0 || (request.hr_resize_y ?? 0) > 0;
      outWidth = fixed
        ? request.hr_resize_x || Math.trunc((request.hr_resize_y ?? 0) * (width / height))
        : Math.trunc(width * scale);
      outHeight = fixed
        ? request.hr_resize_y || Math.trunc((request.hr_resize_x ?? 0) * (height / width))
        : Math.trunc(height * scale);
    }
    const strength =
      (request.hr_denoising_strength ?? 0) > 0 ? request.hr_denoising_strength : request.denoising_strength;
    if ((upscaler.toLowerCase().startsWith('latent') || request.hr_force === true) && (strength ?? 0) > 0) {
      ops.push('hires');
      hiresSteps = request.hr_second_pass_steps || request.steps || 20;
    }
  }
  return {
    kind,
    sampler,
    width,
    height,
    outWidth: Math.max(outWidth, 1),
    outHeight: Math.max(outHeight, 1),
    batchSize: Math.max(1, request.batch_size ?? 1),
    nIter: Math.max(1, request.n_iter ?? 1),
    steps: Math.max(1, request.steps ?? 20),
    hiresSteps,
    ops,
    prompt: request.prompt ?? '',
    negative: request.negative_prompt ?? '',
  };
}

/** `get_fixed_seed`: -1 draws `random.randrange(4294967294)`. */
const fixedSeed = (seed: number | null) => (seed === null || seed === -1 ? randomInt(0, 4294967294) : seed);

/**
 * `process_init`'s seeds: with `sequential_seed` (the default) each image's seed is the first plus its
 * index (all the same when a variation strength is set); subseeds always count up.
 */
export function drawSdnextSeeds(ctx: SdnextContext, plan: SdnextPlan, request: SdnextGenerationRequest): SdnextSeeds {
  const count = plan.batchSize * plan.nIter;
  const sequential = request.sequential_seed ?? ctx.options.get('sequential_seed') !== false;
  const variation = (request.subseed_strength ?? 0) !== 0;
  const seed = fixedSeed(request.seed);
  const subseed = fixedSeed(request.subseed);
  const allSeeds = Array.from({ length: count }, (_, i) =>
    sequential ? seed + (variation ? 0 : i) : fixedSeed(request.seed) + (variation ? 0 : i),
  );
  return { allSeeds, allSubseeds: Array.from({ length: count }, (_, i) => subseed + i) };
}
