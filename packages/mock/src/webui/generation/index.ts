import { toPlain, type PyJson } from '../../fastapi/python-json/index.js';
import { newTaskId } from '../jobs/state.js';
import { renderPng } from '../png/index.js';
import type { WebuiContext } from './context.js';
import { echoParameters } from './echo.js';
import { decodeImageInput } from './image-input.js';
import { describeJob } from './info.js';
import { checkBudget, drawSeeds, planGeneration } from './plan.js';
import type { GenerationKind, GenerationRequest } from './request.js';
import { simulateSampling } from './sampling.js';

export type { GenerationKind } from './request.js';

/**
 * POST /sdapi/v1/txt2img and /img2img. `params` is the validated request (defaults filled);
 * the result is the response body `{images, parameters, info}`.
 */
export async function generate(
  ctx: WebuiContext,
  kind: GenerationKind,
  params: Record<string, PyJson>,
): Promise<Record<string, PyJson>> {
  const request = toPlain(params) as GenerationRequest;
  const { options, state, registry } = ctx;
  const taskId = request.force_task_id ?? newTaskId(kind);
  const plan = planGeneration(ctx, kind, request);

  registry.add(taskId);
  return ctx.lock.run(async () => {
    registry.start(taskId);
    state.begin(`scripts_${kind}`, ctx.now());
    try {
      if (kind === 'img2img') (request.init_images ?? []).forEach((image) => decodeImageInput(image));
      checkBudget(plan);
      const restore = options.override(request.override_settings ?? {});
      try {
        const seeds = drawSeeds(plan, request);
        const produced = await simulateSampling(ctx, { ...plan, seeds: seeds.allSeeds });
        const { infotexts, info } = describeJob(ctx, { plan, seeds, request, params }, produced);
        const writeInfo = options.get('enable_pnginfo') !== false;
        const images =
          request.send_images === false
            ? []
            : produced.map((index, i) => {
                const text: Record<string, string> = writeInfo ? { parameters: infotexts[i] as string } : {};
                const png = renderPng(plan.outWidth, plan.outHeight, `${seeds.allSeeds[index]}|${plan.prompt}`, text);
                return Buffer.from(png).toString('base64');
              });
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
