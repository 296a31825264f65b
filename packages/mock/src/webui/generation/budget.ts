import { pythonException } from '../errors/index.js';
import { MAX_PNG_SIDE } from '../png/index.js';
import type { GenerationPlan } from './plan.js';

/**
 * What one txt2img/img2img request may cost the mock. The real webui has no such limits (a GPU
 * runs out of memory, or the job just takes long); the mock has them so that one request can
 * neither exhaust memory nor hold the worker for ever, and its largest allowed response still
 * serializes without stalling the server.
 */
export const GENERATION_LIMITS = {
  /** Pixels per side of any image made (first pass and output). */
  maxSide: MAX_PNG_SIDE,
  /** Output pixels × batch_size × n_iter. */
  maxPixels: 64 * 1024 * 1024,
  /** Sampling steps × passes × n_iter. */
  maxSteps: 100_000,
  /** Bytes of the JSON response: images, infotexts, prompts echoed. */
  maxResponseBytes: 16 * 1024 * 1024,
} as const;

/** Fixed part of each image's share of the response: infotext parameters, PNG headers, seeds. */
const PER_IMAGE_OVERHEAD = 1024;

const mib = (bytes: number) => Math.ceil(bytes / 2 ** 20);

/** What the budget reads of a job (an A1111 `GenerationPlan`, or SD.Next's in the same terms). */
export type BudgetedJob = Pick<
  GenerationPlan,
  'width' | 'height' | 'outWidth' | 'outHeight' | 'hires' | 'batchSize' | 'nIter' | 'passSteps' | 'prompt' | 'negative'
>;

/** Every size is a whole number from 1 to `maxSide`; a side over it fails as the GPU would. */
function checkSizes(plan: BudgetedJob): void {
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

/**
 * Refuses, before the job is queued, a request over any of `GENERATION_LIMITS`, with a 500 in the
 * webui's error shape naming the limit. The response size is estimated from the prompts here and
 * counted exactly while the response is built (`ResponseBudget`).
 */
export function checkBudget(plan: BudgetedJob): void {
  checkSizes(plan);
  const { outWidth, outHeight, batchSize, nIter } = plan;
  const images = batchSize * nIter;
  if (outWidth * outHeight * images > GENERATION_LIMITS.maxPixels) tooManyPixels(outWidth * outHeight * 4 * batchSize);
  const steps = plan.passSteps.reduce((sum, pass) => sum + pass, 0) * nIter;
  if (steps > GENERATION_LIMITS.maxSteps) {
    throw pythonException(
      'RuntimeError',
      `mock webui limit: ${steps} sampling steps in one request (steps × passes × n_iter), ` +
        `over ${GENERATION_LIMITS.maxSteps}`,
    );
  }
  // UTF-8 bytes (native, no scan of the text in JavaScript) as the measure of what escaping makes of it;
  // the exact count follows while the response is built (`ResponseBudget`).
  const textBytes = Buffer.byteLength(plan.prompt) + Buffer.byteLength(plan.negative);
  // Per image: prompts in all_prompts and the infotext, the infotext again in the PNG as base64.
  const perImage = 2 * textBytes + Math.ceil((textBytes * 4) / 3) + PER_IMAGE_OVERHEAD;
  const estimate = images * perImage + 3 * textBytes;
  if (estimate > GENERATION_LIMITS.maxResponseBytes)
    overBudget(estimate, `${images} images × ${textBytes} bytes of prompt`);
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
  const estimate = sizes.length * PER_IMAGE_OVERHEAD;
  if (estimate > GENERATION_LIMITS.maxResponseBytes) overBudget(estimate, `${sizes.length} images`);
}

function tooManyPixels(bytes: number): never {
  throw pythonException(
    'OutOfMemoryError',
    `CUDA out of memory. Tried to allocate ${mib(bytes)} MiB ` +
      `(mock webui limit: ${GENERATION_LIMITS.maxPixels} output pixels per request)`,
  );
}

function overBudget(bytes: number, what: string): never {
  throw pythonException(
    'MemoryError',
    `mock webui limit: the response would be over ${mib(bytes)} MiB (${what}), ` +
      `larger than ${mib(GENERATION_LIMITS.maxResponseBytes)} MiB; ask for fewer images or shorter prompts`,
  );
}

/** Counts the bytes of a response as it is built, failing as soon as they pass the limit. */
export class ResponseBudget {
  private spent = 0;

  spend(bytes: number, what: string): void {
    this.spent += bytes;
    if (this.spent > GENERATION_LIMITS.maxResponseBytes) overBudget(this.spent, what);
  }
}
