import { toPlain, type PyJson } from '../python/index.js';
import { escapeFreeStrings } from '../python/json-dumps.js';
import { newTaskId } from '../jobs/state.js';
import { renderPng } from '../png/index.js';
import {
  alwaysonShare,
  resolveAlwaysonSlots,
  runAlwaysonScripts,
  type AlwaysonShare,
  type AlwaysonSlots,
} from '../scripts/index.js';
import {
  gridSize,
  runSelectableScript,
  runsScript,
  type JobOutput,
  type ScriptJobs,
} from '../scripts/selectable/index.js';
import { checkInfotextValue } from '../options/infotext-bound.js';
import { checkBudget, ResponseBudget } from './budget.js';
import type { WebuiContext } from './context.js';
import { dropUnknownCheckpointOverride, echoParameters } from './echo.js';
import { decodeImageInputYielding, imageUrlPolicy, loadImage } from './image-input.js';
import { describeJob, dumpsYielding } from './info.js';
import { jobText } from './job-text.js';
import { drawSeeds, planGeneration, shapeOf, type GenerationPlan } from './plan.js';
import type { GenerationKind, GenerationRequest } from './request.js';
import { simulateSampling } from './sampling.js';

export type { GenerationKind } from './request.js';

/**
 * One `process_images` call: plan, seeds, sampling, infotexts, PNGs (its share of the budget was
 * reserved before the request's first job ran). Scripts call it once per cell;
 * `override_settings` apply for its duration.
 */
async function processImages(
  ctx: WebuiContext,
  kind: GenerationKind,
  params: Record<string, PyJson>,
  slots: AlwaysonSlots,
  planned: { params: Record<string, PyJson>; request: GenerationRequest; plan: GenerationPlan },
): Promise<JobOutput> {
  // The plain job reuses what `generate` already planned (and budgeted); script cells plan their own parameters.
  const own = planned.params === params;
  const request = own ? planned.request : (toPlain(params) as GenerationRequest);
  const { options } = ctx;
  const plan = own ? planned.plan : planGeneration(ctx, kind, params, request);
  const restore = options.override(request.override_settings ?? {});
  try {
    const scripts = runAlwaysonScripts(ctx, kind, request, plan, slots);
    const seeds = drawSeeds(plan, request);
    const produced = await simulateSampling(ctx, { ...plan, seeds: seeds.allSeeds });
    const described = await describeJob(ctx, { plan, seeds, request, params, extra: scripts.infotext }, produced);
    const writeInfo = options.get('enable_pnginfo') !== false;
    const images: Uint8Array[] = [];
    for (const [i, index] of produced.entries()) {
      const text: Record<string, string> = writeInfo ? { parameters: described.infotexts[i] as string } : {};
      images.push(await renderPng(plan.outWidth, plan.outHeight, `${seeds.allSeeds[index]}|${plan.prompt}`, text));
    }
    const infotextWith = async (extra: Record<string, PyJson>) => {
      const job = { plan, seeds, request, params, extra: { ...scripts.infotext, ...extra } };
      return (await describeJob(ctx, job, produced.slice(0, 1))).infotexts[0] ?? '';
    };
    return {
      images,
      extraImages: await scripts.images(),
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

/** The response's images as base64, counted against the byte budget as each is encoded. */
function encodeImages(pngs: readonly Uint8Array[], budget: ResponseBudget): string[] {
  const images = escapeFreeStrings([]);
  for (const png of pngs) {
    const image = Buffer.from(png.buffer, png.byteOffset, png.byteLength).toString('base64');
    budget.spend(image.length, `${images.length + 1} of ${pngs.length} images`);
    images.push(image);
  }
  return images;
}

/**
 * The request's jobs as its script runs them (`ScriptJobs`): each reserved against one shared
 * `budget`, with what the always-on extensions add to each (`share`), then run by `process`.
 */
function scriptJobs(
  ctx: WebuiContext,
  kind: GenerationKind,
  budget: ResponseBudget,
  share: AlwaysonShare,
  process: ScriptJobs['process'],
): ScriptJobs {
  return {
    reserve(params, prompts) {
      const shape = shapeOf(kind, params);
      const text = jobText(ctx, params, shape, share.infotext, prompts);
      budget.reserveJob(shape, text, share.images(shape.hires));
      return { shape, text };
    },
    reserveGrid(cell, cols, rows, margin, extraBytes = 0) {
      const { width, height } = gridSize(cell.shape, cols, rows, margin);
      budget.reserveGrid(width, height, { ...cell.text, other: cell.text.other + extraBytes });
    },
    process,
  };
}

/**
 * POST /sdapi/v1/txt2img and /img2img. `params` is the validated request (defaults filled);
 * the result is the response body `{images, parameters, info}`. A request over the mock's
 * limits is refused before it is queued; images are made one by one, yielding in between.
 * Images are the generated ones (or a selectable script's: grids first), then what always-on
 * scripts add (ControlNet maps).
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
  // `init_script_args`' copy of the always-on scripts' arguments, after the checks `planGeneration` made.
  const slots = resolveAlwaysonSlots(ctx, kind, request, params.alwayson_scripts as Record<string, PyJson>);
  // What reaches every infotext is bounded before it is queued, as `POST /options` bounds the options.
  options.checkInfotextBound(request.override_settings);
  if (plan.hires) checkInfotextValue('hr_additional_modules', params.hr_additional_modules);
  const share = alwaysonShare(ctx, kind, slots);
  const budget = new ResponseBudget();
  const planned = { params, request, plan };
  const jobs = scriptJobs(ctx, kind, budget, share, (cell) => processImages(ctx, kind, cell, slots, planned));
  // A script reserves its own jobs when it runs; the request alone must still be within the limits.
  if (runsScript(ctx, kind, params)) checkBudget(plan, jobText(ctx, params, plan, share.infotext));
  else jobs.reserve(params);

  registry.add(taskId);
  using _turn = await ctx.lock.acquire();
  try {
    // Decoded under the lock, before the job starts, as in the webui.
    if (kind === 'img2img') {
      for (const image of params.init_images as PyJson[]) {
        await loadImage(await decodeImageInputYielding(image, imageUrlPolicy(options)));
      }
      if (plan.mask) await loadImage(plan.mask);
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
    if (ctx.profile.fork !== null) dropUnknownCheckpointOverride(ctx, params);
    const output = await runSelectableScript(ctx, kind, params, jobs);
    const info = await dumpsYielding(output.info);
    budget.spend(info.length, 'info');
    const pngs = request.send_images === false ? [] : [...output.images, ...output.extraImages];
    const images = encodeImages(pngs, budget);
    registry.finish(taskId);
    return { images, parameters: echoParameters(kind, params, request), info };
  } finally {
    state.end();
  }
}
