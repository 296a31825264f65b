import { randomInt } from 'node:crypto';
import { httpException, pythonException } from '../../fastapi/errors/index.js';
import { basenameOf } from '../catalogue/index.js';
import { newTaskId } from '../jobs/state.js';
import { renderPng } from '../png/index.js';
import { pythonJsonDumps, toPlain, type PyJson } from '../../fastapi/python-json/index.js';
import { resolveSampler } from '../samplers/index.js';
import type { WebuiContext } from './context.js';
import { decodeImageInput, imageUrlPolicy, loadImage } from './image-input.js';
import { checkAlwaysOnScripts, checkSelectableScript } from './scripts.js';
import { buildInfotext } from './infotext.js';
import { simulateSampling } from './sampling.js';

export type GenerationKind = 'txt2img' | 'img2img';

/** Above this many output pixels the mock answers like a GPU out of memory, instead of trying. */
const MAX_PIXELS = 64 * 1024 * 1024;

interface Request {
  prompt: string | null;
  negative_prompt: string | null;
  seed: number | null;
  subseed: number | null;
  subseed_strength: number | null;
  seed_resize_from_w: number | null;
  seed_resize_from_h: number | null;
  sampler_name: string | null;
  sampler_index: string | null;
  scheduler?: string | null;
  batch_size: number | null;
  n_iter: number | null;
  steps: number | null;
  cfg_scale: number | null;
  image_cfg_scale?: number | null;
  width: number | null;
  height: number | null;
  restore_faces: boolean | null;
  denoising_strength: number | null;
  override_settings: Record<string, unknown> | null;
  override_settings_restore_afterwards: boolean | null;
  enable_hr?: boolean | null;
  hr_scale?: number | null;
  hr_upscaler?: string | null;
  hr_second_pass_steps?: number | null;
  hr_resize_x?: number | null;
  hr_resize_y?: number | null;
  force_task_id?: string | null;
  script_name: string | null;
  alwayson_scripts: Record<string, unknown> | null;
  send_images: boolean | null;
  styles: string[] | null;
  init_images?: unknown[] | null;
  mask?: string | null;
  include_init_images?: boolean | null;
}

/**
 * POST /sdapi/v1/txt2img and /img2img. `params` is the validated request (defaults filled);
 * the result is the response body `{images, parameters, info}`.
 */
export async function generate(ctx: WebuiContext, kind: GenerationKind, params: Record<string, PyJson>): Promise<Record<string, PyJson>> {
  const request = toPlain(params) as Request;
  const { profile, options, state, registry } = ctx;
  const taskId = request.force_task_id || newTaskId(kind);
  // The webui's order: (img2img) init images present, mask decoded; selectable script; sampler; always-on scripts.
  let mask: Uint8Array | undefined;
  if (kind === 'img2img') {
    if (request.init_images === null || request.init_images === undefined) throw httpException(404, 'Init image not found');
    if (request.mask) mask = decodeImageInput(params.mask, imageUrlPolicy(options));
  }
  checkSelectableScript(ctx, kind, request.script_name);
  const { sampler, scheduleType } = resolveSampler(profile, request.sampler_name || request.sampler_index || 'Euler', request.scheduler ?? null);
  checkAlwaysOnScripts(ctx, kind, params.alwayson_scripts);
  const width = request.width ?? 512;
  const height = request.height ?? 512;
  const batchSize = Math.max(1, request.batch_size ?? 1);
  const nIter = Math.max(1, request.n_iter ?? 1);
  const steps = Math.max(1, request.steps ?? 50);
  const hires = kind === 'txt2img' && request.enable_hr === true;
  const scale = request.hr_scale ?? 2;
  const outWidth = hires ? request.hr_resize_x || Math.floor(width * scale) : width;
  const outHeight = hires ? request.hr_resize_y || Math.floor(height * scale) : height;

  registry.add(taskId);
  const release = await ctx.lock.acquire();
  try {
    // Decoded under the lock, before the job starts, as in the webui.
    if (kind === 'img2img') {
      (params.init_images as PyJson[]).map((image) => decodeImageInput(image, imageUrlPolicy(options))).forEach(loadImage);
      if (mask) loadImage(mask);
    }
  } catch (error) {
    // The webui leaves such a task pending for ever; the mock drops it, so hostile requests cannot grow the list.
    const at = registry.pending.indexOf(taskId);
    if (at >= 0) registry.pending.splice(at, 1);
    release();
    throw error;
  }
  registry.start(taskId);
  state.begin(`scripts_${kind}`, ctx.now());
  try {
    if (outWidth * outHeight * batchSize * nIter > MAX_PIXELS) {
      throw pythonException('OutOfMemoryError', `CUDA out of memory. Tried to allocate ${Math.round((outWidth * outHeight * 4 * batchSize) / 2 ** 20)} MiB (mock webui limit)`);
    }
    const restore = options.override(request.override_settings ?? {});
    try {
      const seed = request.seed === null || request.seed === -1 ? randomInt(0, 4294967294) : request.seed;
      const subseed = request.subseed === null || request.subseed === -1 ? randomInt(0, 4294967294) : request.subseed;
      const variation = (request.subseed_strength ?? 0) !== 0;
      const count = batchSize * nIter;
      const allSeeds = Array.from({ length: count }, (_, i) => (variation ? seed : seed + i));
      const allSubseeds = Array.from({ length: count }, (_, i) => subseed + i);
      const prompt = request.prompt ?? '';
      const negative = request.negative_prompt ?? '';
      const passSteps = [steps, ...(hires ? [request.hr_second_pass_steps || steps] : [])];
      const produced = await simulateSampling(ctx, { kind, nIter, batchSize, passSteps, seeds: allSeeds, prompt });

      const checkpoint = options.checkpoint;
      const restoreFaces = request.restore_faces ?? options.get('face_restoration') === true;
      const faceModel = restoreFaces ? String(options.get('face_restoration_model') ?? 'CodeFormer') : null;
      const clipSkip = Number(options.get('CLIP_stop_at_last_layers') ?? 1);
      const ensdValue = Number(options.get('eta_noise_seed_delta') ?? 0);
      const usesEnsd = profile.samplers.find((item) => item.name === sampler)?.options.uses_ensd === 'True';
      const denoising = params.denoising_strength ?? null;
      const infotexts = produced.map((index) =>
        buildInfotext(profile, {
          prompt,
          negativePrompt: negative,
          steps,
          sampler,
          ...(scheduleType !== undefined ? { scheduleType } : {}),
          cfgScale: params.cfg_scale ?? 7,
          ...(kind === 'img2img' && request.image_cfg_scale != null ? { imageCfgScale: params.image_cfg_scale ?? null } : {}),
          seed: allSeeds[index] as number,
          faceRestoration: faceModel,
          width,
          height,
          modelHash: options.get('add_model_hash_to_info') === false ? null : checkpoint.hash,
          modelName: options.get('add_model_name_to_info') === false ? null : basenameOf(checkpoint),
          ...(variation ? { variationSeed: allSubseeds[index] as number, variationSeedStrength: params.subseed_strength ?? null } : {}),
          seedResizeFrom: [request.seed_resize_from_w ?? -1, request.seed_resize_from_h ?? -1],
          denoisingStrength: kind === 'txt2img' && !hires && profile.denoisingNullByDefault ? null : denoising,
          clipSkip,
          ...(usesEnsd && ensdValue !== 0 ? { ensd: ensdValue } : {}),
          ...(hires ? { hires: { upscale: params.hr_scale ?? null, steps: request.hr_second_pass_steps ?? 0, upscaler: request.hr_upscaler ?? 'Latent' } } : {}),
        }),
      );
      const writeInfo = options.get('enable_pnginfo') !== false;
      const images =
        request.send_images === false
          ? []
          : produced.map((index, i) =>
              Buffer.from(renderPng(outWidth, outHeight, `${allSeeds[index]}|${prompt}`, writeInfo ? { parameters: infotexts[i] as string } : {})).toString('base64'),
            );
      const info: Record<string, PyJson> = {
        prompt,
        all_prompts: produced.map(() => prompt),
        negative_prompt: negative,
        all_negative_prompts: produced.map(() => negative),
        seed,
        all_seeds: produced.map((index) => allSeeds[index] as number),
        subseed,
        all_subseeds: produced.map((index) => allSubseeds[index] as number),
        subseed_strength: params.subseed_strength ?? 0,
        width,
        height,
        sampler_name: sampler,
        cfg_scale: params.cfg_scale ?? null,
        steps,
        batch_size: batchSize,
        restore_faces: restoreFaces,
        face_restoration_model: faceModel,
        ...(profile.modelNameInInfo ? { sd_model_name: basenameOf(checkpoint) } : {}),
        sd_model_hash: checkpoint.hash,
        ...(profile.modelNameInInfo ? { sd_vae_name: null, sd_vae_hash: null } : {}),
        seed_resize_from_w: request.seed_resize_from_w ?? -1,
        seed_resize_from_h: request.seed_resize_from_h ?? -1,
        denoising_strength: denoising,
        extra_generation_params: {},
        index_of_first_image: 0,
        infotexts,
        styles: request.styles ?? [],
        job_timestamp: state.jobTimestamp,
        clip_skip: clipSkip,
        is_using_inpainting_conditioning: false,
        ...(profile.versionInInfo ? { version: profile.version } : {}),
      };
      const parameters: Record<string, PyJson> = { ...params };
      // `vars(request)`: include_init_images is echoed although the model marks it `exclude`.
      if (kind === 'img2img' && request.include_init_images !== true) {
        parameters.init_images = null;
        parameters.mask = null;
      }
      registry.finish(taskId);
      return { images, parameters, info: pythonJsonDumps(info) };
    } finally {
      if (request.override_settings_restore_afterwards !== false) restore();
    }
  } finally {
    state.end();
    release();
  }
}
