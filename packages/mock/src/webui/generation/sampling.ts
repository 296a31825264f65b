import { renderPng } from '../png/index.js';
import type { WebuiContext } from './context.js';

export interface SamplingPlan {
  kind: 'txt2img' | 'img2img';
  nIter: number;
  batchSize: number;
  /** Steps of each pass: one, or two with hires fix. */
  passSteps: number[];
  /** Seeds of every image, for the live previews. */
  seeds: number[];
  prompt: string;
}

const sleep = (ms: number) =>
  new Promise<void>((resolve) => (ms > 0 ? setTimeout(resolve, ms) : setImmediate(resolve)));

/**
 * Steps through the job the way `shared.state` does during `process_images`: one iteration per
 * `n_iter`, one pass per sampler run, `stepMs` per step, a live preview every
 * `show_progress_every_n_steps`. `/interrupt` ends the job after the current iteration's
 * decode; `/skip` ends only the current iteration. Returns the indexes of the images made.
 */
export async function simulateSampling(ctx: WebuiContext, plan: SamplingPlan): Promise<number[]> {
  const { state, options } = ctx;
  state.jobCount = plan.nIter * plan.passSteps.length;
  const produced: number[] = [];
  for (let iteration = 0; iteration < plan.nIter && !state.interrupted; iteration++) {
    state.skipped = false;
    state.job = plan.nIter > 1 ? `Batch ${iteration + 1} out of ${plan.nIter}` : `scripts_${plan.kind}`;
    for (const [pass, total] of plan.passSteps.entries()) {
      state.jobNo = iteration * plan.passSteps.length + pass;
      state.samplingSteps = total;
      let lastPreview = 0;
      for (let step = 1; step <= total; step++) {
        await sleep(ctx.stepMs);
        state.samplingStep = step;
        const every = Number(options.get('show_progress_every_n_steps') ?? 10);
        if (options.get('live_previews_enable') !== false && every > 0 && step - lastPreview >= every) {
          lastPreview = step;
          state.currentImage = Buffer.from(
            await renderPng(64, 64, `${plan.seeds[iteration * plan.batchSize]}|${plan.prompt}|${step}`),
          ).toString('base64');
          state.idLivePreview++;
        }
        if (state.interrupted || state.skipped) break;
      }
      if (state.interrupted || state.skipped) break;
    }
    for (let i = 0; i < plan.batchSize; i++) produced.push(iteration * plan.batchSize + i);
  }
  return produced;
}
