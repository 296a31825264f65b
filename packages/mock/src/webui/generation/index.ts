import { pythonJsonDumps, toPlain, type PyJson } from '../../fastapi/python-json/index.js';
import { newTaskId } from '../jobs/state.js';
import { renderPng } from '../png/index.js';
import { resolveAlwaysonSlots, runAlwaysonScripts, type AlwaysonSlots } from '../scripts/index.js';
import { runSelectableScript, type JobOutput } from '../scripts/selectable/index.js';
import type { WebuiContext } from './context.js';
import { echoParameters } from './echo.js';
import { decodeImageInput } from './image-input.js';
import { describeJob } from './info.js';
import { checkBudget, drawSeeds, planGeneration, type GenerationPlan } from './plan.js';
import type { GenerationKind, GenerationRequest } from './request.js';
import { simulateSampling } from './sampling.js';

export type { GenerationKind } from './request.js';

/** `info` objects already serialized by `describeJob`: a plain job's is sent as is, not dumped twice. */
const serializedInfo = new WeakMap<object, string>();

/**
 * One `process_images` call: plan, seeds, sampling, infotexts, PNGs. Scripts call it once per
 * cell; `override_settings` apply for its duration.
 */
async function processImages(
  ctx: WebuiContext,
  kind: GenerationKind,
  params: Record<string, PyJson>,
  slots: AlwaysonSlots,
  planned?: { params: Record<string, PyJson>; request: GenerationRequest; plan: GenerationPlan },
): Promise<JobOutput> {
  // The plain job reuses what `generate` already planned; script cells plan their own parameters.
  const request = planned?.params === params ? planned.request : (toPlain(params) as GenerationRequest);
  const { options } = ctx;
  const plan = planned?.params === params ? planned.plan : planGeneration(ctx, kind, request);
  checkBudget(plan);
  const restore = options.override(request.override_settings ?? {});
  try {
    const scripts = runAlwaysonScripts(ctx, kind, request, plan, slots);
    const seeds = drawSeeds(plan, request);
    const produced = await simulateSampling(ctx, { ...plan, seeds: seeds.allSeeds });
    const described = describeJob(ctx, { plan, seeds, request, params, extra: scripts.infotext }, produced);
    serializedInfo.set(described.infoObject, described.info);
    const writeInfo = options.get('enable_pnginfo') !== false;
    const images = produced.map((index, i) => {
      const text: Record<string, string> = writeInfo ? { parameters: described.infotexts[i] as string } : {};
      return renderPng(plan.outWidth, plan.outHeight, `${seeds.allSeeds[index]}|${plan.prompt}`, text);
    });
    const infotextWith = (extra: Record<string, PyJson>) =>
      describeJob(ctx, { plan, seeds, request, params, extra: { ...scripts.infotext, ...extra } }, produced.slice(0, 1))
        .infotexts[0] ?? '';
    return {
      images,
      extraImages: scripts.images(),
      infotexts: described.infotexts,
      info: described.infoObject,
      plan,
      seed: seeds.seed,
      infotextWith,
    };
  } finally {
    if (request.override_settings_restore_afterwards !== false) restore();
  }
}

/**
 * POST /sdapi/v1/txt2img and /img2img. `params` is the validated request (defaults filled);
 * the result is the response body `{images, parameters, info}`. Images are the generated ones
 * (or a selectable script's: grids first), then what always-on scripts add (ControlNet maps).
 */
export async function generate(
  ctx: WebuiContext,
  kind: GenerationKind,
  params: Record<string, PyJson>,
): Promise<Record<string, PyJson>> {
  const request = toPlain(params) as GenerationRequest;
  const { state, registry } = ctx;
  const taskId = request.force_task_id ?? newTaskId(kind);
  const plan = planGeneration(ctx, kind, request);

  registry.add(taskId);
  return ctx.lock.run(async () => {
    registry.start(taskId);
    state.begin(`scripts_${kind}`, ctx.now());
    try {
      if (kind === 'img2img') (request.init_images ?? []).forEach((image) => decodeImageInput(image));
      const slots = resolveAlwaysonSlots(ctx, request);
      const planned = { params, request, plan };
      const process = (cell: Record<string, PyJson>) => processImages(ctx, kind, cell, slots, planned);
      const output = await runSelectableScript(ctx, kind, params, process);
      const images =
        request.send_images === false
          ? []
          : [...output.images, ...output.extraImages].map((png) => Buffer.from(png).toString('base64'));
      registry.finish(taskId);
      const info = serializedInfo.get(output.info) ?? pythonJsonDumps(output.info);
      return { images, parameters: echoParameters(kind, params, request), info };
    } finally {
      state.end();
    }
  });
}
