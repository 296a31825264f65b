import { pythonException } from '../errors/index.js';
import { MAX_PNG_SIDE } from '../png/index.js';
import type { PlanShape } from './plan.js';

/**
 * What one txt2img/img2img request may cost the mock. The real webui has no such limits (a GPU
 * runs out of memory, or the job just takes long); the mock has them so that one request can
 * neither exhaust memory nor hold the worker for ever, and its largest allowed response still
 * serializes without stalling the server.
 */
export const GENERATION_LIMITS = {
  /** Pixels per side of any image made (first pass and output). */
  maxSide: MAX_PNG_SIDE,
  /** Output pixels × batch_size × n_iter of one job. */
  maxPixels: 64 * 1024 * 1024,
  /** Sampling steps × passes × n_iter, of one job and of all a script's jobs together. */
  maxSteps: 100_000,
  /** Bytes of the JSON response (images, infotexts, prompts echoed), and of everything a script's jobs make. */
  maxResponseBytes: 16 * 1024 * 1024,
  /** Output pixels of all a script's jobs, their extension maps and grids together. */
  maxScriptPixels: 256 * 1024 * 1024,
} as const;

/**
 * UTF-8 bytes of the text a job writes into the response, known before it runs: whatever the
 * request or the options choose. The formatting around it (keys, numbers, seeds) is in
 * `PER_IMAGE_OVERHEAD`. UTF-8 measures what escaping makes of the text; the exact count follows
 * while the response is built (`ResponseBudget.spend`).
 */
export interface JobText {
  /** Prompt and negative prompt: in every image's infotext, and again in `all_prompts`/`all_negative_prompts`. */
  prompts: number;
  /** The rest of every infotext: extension arguments, script values, options (`forge_additional_modules`), hires modules. */
  other: number;
  /** Text the job's `info` holds once (`styles`). */
  once: number;
}

/** Fixed part of each image's share of the response: infotext keys and numbers, PNG headers, seeds. */
const PER_IMAGE_OVERHEAD = 1024;

const mib = (bytes: number) => Math.ceil(bytes / 2 ** 20);

/**
 * Bytes `images` images with `text` put in the response and hold meanwhile: each infotext in
 * `infotexts` and again in its PNG as base64, the prompts in `all_prompts`; the job's `info`
 * (prompts, `extra_generation_params`, styles) and the echoed prompts once.
 */
function textBytes(images: number, text: JobText): number {
  const infotext = text.prompts + text.other;
  const perImage = text.prompts + infotext + Math.ceil((infotext * 4) / 3) + PER_IMAGE_OVERHEAD;
  return images * perImage + 3 * text.prompts + text.other + text.once;
}

/** Every size is a whole number from 1 to `maxSide`; a side over it fails as the GPU would. */
function checkSizes(plan: PlanShape): void {
  const sides = [plan.width, plan.height, plan.outWidth, plan.outHeight];
  if (sides.some((side) => !Number.isInteger(side) || side < 1)) {
    const size = `${plan.width}x${plan.height}${plan.hires ? ` (hires ${plan.outWidth}x${plan.outHeight})` : ''}`;
    throw pythonException('RuntimeError', `width and height must be at least 1 pixel, got ${size} (mock webui check)`);
  }
  const largest = Math.max(...sides);
  if (largest > GENERATION_LIMITS.maxSide) {
    throw pythonException(
      'OutOfMemoryError',
      `CUDA out of memory. Tried to allocate ${mib(largest * largest * 12)} MiB ` +
        `(mock webui limit: ${GENERATION_LIMITS.maxSide} pixels per side, got ${largest})`,
    );
  }
}

/** What a job costs, as `checkBudget` found it. */
interface JobCost {
  images: number;
  pixels: number;
  steps: number;
  bytes: number;
}

/**
 * Refuses, before the job is queued, a job over any of `GENERATION_LIMITS` on its own, with a
 * 500 in the webui's error shape naming the limit. Its response bytes are estimated from `text`,
 * every contribution of the request and the options to its infotexts; they are counted exactly
 * while the response is built (`ResponseBudget`).
 */
export function checkBudget(plan: PlanShape, text: JobText): JobCost {
  checkSizes(plan);
  const { outWidth, outHeight, batchSize, nIter } = plan;
  const images = batchSize * nIter;
  const pixels = outWidth * outHeight * images;
  if (pixels > GENERATION_LIMITS.maxPixels) tooManyPixels(outWidth * outHeight * 4 * batchSize);
  const steps = plan.passSteps.reduce((sum, pass) => sum + pass, 0) * nIter;
  if (steps > GENERATION_LIMITS.maxSteps) tooManySteps(steps, 'steps × passes × n_iter');
  const bytes = textBytes(images, text);
  if (bytes > GENERATION_LIMITS.maxResponseBytes) {
    const other = text.other > 0 ? ` and ${text.other} bytes of other infotext values` : '';
    overBudget(bytes, `${images} images × ${text.prompts} bytes of prompt${other}`);
  }
  return { images, pixels, steps, bytes };
}

/**
 * Refuses, before the job is queued, an extras batch (one output image per listed image) whose
 * images together pass `maxPixels`, or are so many that their share of the response alone passes
 * `maxResponseBytes`: the rules and errors of txt2img/img2img. The bytes are then counted while
 * the response is built (`ResponseBudget`).
 */
export function checkExtrasBudget(sizes: ReadonlyArray<{ width: number; height: number }>): void {
  const pixels = sizes.reduce((sum, { width, height }) => sum + width * height, 0);
  if (pixels > GENERATION_LIMITS.maxPixels) tooManyPixels(4 * pixels);
  checkImageCount(sizes.length);
}

/** Refuses, before any is decoded or made, more images than the response budget holds however small they are. */
function checkImageCount(count: number): void {
  const estimate = count * PER_IMAGE_OVERHEAD;
  if (estimate > GENERATION_LIMITS.maxResponseBytes) overBudget(estimate, `${count} images`);
}

function tooManyPixels(bytes: number, limit: number = GENERATION_LIMITS.maxPixels, scope = 'per request'): never {
  throw pythonException(
    'OutOfMemoryError',
    `CUDA out of memory. Tried to allocate ${mib(bytes)} MiB (mock webui limit: ${limit} output pixels ${scope})`,
  );
}

function tooManySteps(steps: number, what: string): never {
  throw pythonException(
    'RuntimeError',
    `mock webui limit: ${steps} sampling steps in one request (${what}), over ${GENERATION_LIMITS.maxSteps}`,
  );
}

function overBudget(bytes: number, what: string): never {
  throw pythonException(
    'MemoryError',
    `mock webui limit: the response would be over ${mib(bytes)} MiB (${what}), ` +
      `larger than ${mib(GENERATION_LIMITS.maxResponseBytes)} MiB; ask for fewer images or shorter prompts`,
  );
}

/**
 * One request's budget, shared by every job it runs. Before the first job runs, each job (every
 * cell, line or combination of a script) and each grid is reserved: checked alone, then added to
 * the request's totals, so a request over a limit is refused before any work. While the response
 * is built, its real bytes are counted (`spend`), since escaping can make text longer than its UTF-8.
 */
export class ResponseBudget {
  private jobs = 0;
  private images = 0;
  private pixels = 0;
  private steps = 0;
  private reserved = 0;
  private spent = 0;

  /** Reserves one job of `plan` with `text`, plus `extraImages` (ControlNet maps) of its output size. */
  reserveJob(plan: PlanShape, text: JobText, extraImages = 0): void {
    const cost = checkBudget(plan, text);
    const mapPixels = extraImages * plan.outWidth * plan.outHeight;
    this.jobs++;
    this.add(
      cost.images + extraImages,
      cost.pixels + mapPixels,
      cost.steps,
      cost.bytes + extraImages * PER_IMAGE_OVERHEAD,
    );
  }

  /** Reserves a grid made of jobs' images: one image of `width × height` whose infotext carries `text`. */
  reserveGrid(width: number, height: number, text: JobText): void {
    this.add(1, width * height, 0, textBytes(1, text));
  }

  private add(images: number, pixels: number, steps: number, bytes: number): void {
    this.images += images;
    this.pixels += pixels;
    this.steps += steps;
    this.reserved += bytes;
    if (this.pixels > GENERATION_LIMITS.maxScriptPixels)
      tooManyPixels(
        4 * this.pixels,
        GENERATION_LIMITS.maxScriptPixels,
        "per request, a script's jobs and grids together",
      );
    if (this.steps > GENERATION_LIMITS.maxSteps)
      tooManySteps(this.steps, "steps × passes × n_iter, a script's jobs together");
    if (this.reserved > GENERATION_LIMITS.maxResponseBytes)
      overBudget(this.reserved, `${this.jobs} jobs, ${this.images} images and grids`);
  }

  /** Counts the bytes of the response as it is built, failing as soon as they pass the limit. */
  spend(bytes: number, what: string): void {
    this.spent += bytes;
    if (this.spent > GENERATION_LIMITS.maxResponseBytes) overBudget(this.spent, what);
  }
}
