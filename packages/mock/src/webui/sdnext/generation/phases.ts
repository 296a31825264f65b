import type { SdnextContext } from '../context.js';
import { encodeSdnextImage } from '../image/index.js';
import type { SdnextPlan, SdnextSeeds } from './plan.js';

const sleep = (ms: number) =>
  new Promise<void>((resolve) => (ms > 0 ? setTimeout(resolve, ms) : setImmediate(resolve)));

/** What one iteration of `process_images` gave: the batch's images, or a preview when interrupted. */
export type IterationResult =
  | { kind: 'images'; iteration: number }
  | { kind: 'preview'; iteration: number; step: number }
  | { kind: 'none' };

/**
 * One diffusion pass as SD.Next's `process_base`/`process_hires` runs it: `begin(title)`, `Params`
 * begun and ended, the steps announced (`update`), an `Inference` job stepped `stepMs` apart with a
 * preview each step (`current_image`), then `end(title)` and `nextjob()`. An interrupt or skip stops
 * the steps: the pipeline's callback raises, so `Inference` is never ended. Returns the steps made.
 */
async function diffusionPass(ctx: SdnextContext, title: string, steps: number, previewKey: string): Promise<number> {
  const { state } = ctx;
  const now = () => ctx.now() / 1000;
  const pass = state.begin(title, now());
  state.end(state.begin('Params', now()), now());
  state.update(steps, 1);
  const inference = state.begin('Inference', now());
  let made = 0;
  for (let step = 1; step <= steps; step++) {
    await sleep(ctx.stepMs);
    if (state.samplingSteps === 0) state.samplingSteps = steps;
    state.samplingStep++;
    made = step;
    if (ctx.options.get('show_progress_type') !== 'None') {
      state.currentImage = await encodeSdnextImage(ctx, 64, 64, `${previewKey}|${step}`, null);
    }
    if (state.interrupted || state.skipped) break;
  }
  if (!(state.interrupted || state.skipped)) state.end(inference, now());
  state.end(pass, now());
  state.nextJob();
  return made;
}

/**
 * `process_images_inner` for a plan: a `Process` job around one iteration per `n_iter` (each a base
 * pass, an optional hires pass and a `VAE Decode`). An interrupt stops the loop; the interrupted
 * iteration keeps its last preview as its image (`keep_incomplete`). A skip drops the iteration it
 * hits, and since nothing clears the flag before the next iteration checks it, that one too.
 */
export async function processIterations(
  ctx: SdnextContext,
  plan: SdnextPlan,
  seeds: SdnextSeeds,
): Promise<IterationResult[]> {
  const { state } = ctx;
  const now = () => ctx.now() / 1000;
  const process = state.begin('Process', now());
  state.batchCount = plan.nIter;
  const results: IterationResult[] = [];
  for (let iteration = 0; iteration < plan.nIter; iteration++) {
    state.batchNo = iteration + 1;
    if (state.interrupted) break;
    if (state.skipped) {
      state.skipped = false;
      continue;
    }
    const key = `${seeds.allSeeds[iteration * plan.batchSize]}|${plan.prompt}`;
    let step = await diffusionPass(ctx, 'Base', plan.steps, key);
    if (plan.hiresSteps > 0 && !(state.interrupted || state.skipped)) {
      step = await diffusionPass(ctx, 'Hires', plan.hiresSteps, key);
    }
    if (state.interrupted) {
      const keep = ctx.options.get('keep_incomplete') !== false;
      results.push(keep && step > 0 ? { kind: 'preview', iteration, step } : { kind: 'none' });
      break;
    }
    if (state.skipped) continue;
    state.end(state.begin('VAE Decode', now()), now());
    results.push({ kind: 'images', iteration });
  }
  state.end(process, now());
  return results;
}
