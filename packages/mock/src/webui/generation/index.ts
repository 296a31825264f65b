import { toPlain, type PyJson } from '../../fastapi/python-json/index.js';
import { newTaskId } from '../jobs/state.js';
import { renderPng } from '../png/index.js';
import { checkBudget, ResponseBudget } from './budget.js';
import type { WebuiContext } from './context.js';
import { echoParameters } from './echo.js';
import { decodeImageInput, imageUrlPolicy, loadImage } from './image-input.js';
import { describeJob } from './info.js';
import { drawSeeds, planGeneration } from './plan.js';
import type { GenerationKind, GenerationRequest } from './request.js';
import { simulateSampling } from './sampling.js';

export type { GenerationKind } from './request.js';

/**
 * POST /sdapi/v1/txt2img and /img2img. `params` is the validated request (defaults filled);
 * the result is the response body `{images, parameters, info}`. A request over the mock's
 * limits is refused before it is queued; images are made one by one, yielding in between.
 */
export async function generate(
  ctx: WebuiContext,
  kind: GenerationKind,
  params: Record<string, PyJson>,
): Promise<Record<string, PyJson>> {
  const request = toPlain(params) as GenerationRequest;
  const { options, state, registry } = ctx;
  const taskId = request.force_task_id || newTaskId(kind);
  const plan = planGeneration(ctx, kind, params, request);
  checkBudget(plan);

  registry.add(taskId);
  return ctx.lock.run(async () => {
    try {
      // Decoded under the lock, before the job starts, as in the webui.
      if (kind === 'img2img') {
        for (const image of params.init_images as PyJson[]) loadImage(decodeImageInput(image, imageUrlPolicy(options)));
        if (plan.mask) loadImage(plan.mask);
      }
    } catch (error) {
      // The webui leaves such a task pending for ever; the mock drops it, so hostile requests cannot grow the list.
      const at = registry.pending.indexOf(taskId);
      if (at >= 0) registry.pending.splice(at, 1);
      throw error;
    }
    registry.start(taskId);
    state.begin(`scripts_${kind}`, ctx.now());
    try {
      const restore = options.override(request.override_settings ?? {});
      try {
        const seeds = drawSeeds(plan, request);
        const produced = await simulateSampling(ctx, { ...plan, seeds: seeds.allSeeds });
        const { infotexts, info } = await describeJob(ctx, { plan, seeds, request, params }, produced);
        const budget = new ResponseBudget();
        budget.spend(info.length, 'info');
        const writeInfo = options.get('enable_pnginfo') !== false;
        const images: string[] = [];
        if (request.send_images !== false) {
          for (const [i, index] of produced.entries()) {
            const text: Record<string, string> = writeInfo ? { parameters: infotexts[i] as string } : {};
            const png = await renderPng(plan.outWidth, plan.outHeight, `${seeds.allSeeds[index]}|${plan.prompt}`, text);
            const image = Buffer.from(png.buffer, png.byteOffset, png.byteLength).toString('base64');
            budget.spend(image.length, `${images.length + 1} of ${produced.length} images`);
            images.push(image);
          }
        }
        registry.finish(taskId);
        return { images, parameters: echoParameters(kind, params, request), info };
      } finally {
        if (request.override_settings_restore_afterwards !== false) restore();
      }
    } finally {
      state.end();
    }
  });
}
