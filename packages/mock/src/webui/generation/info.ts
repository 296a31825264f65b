import { pythonJsonDumps } from '../python/json-dumps.js';
import { pythonStr, type PyJson } from '../python/index.js';
import { basenameOf } from '../catalogue/index.js';
import type { WebuiContext } from './context.js';
import { buildInfotext, type ForgeInfotextFields } from './infotext.js';
import type { GenerationPlan, GenerationSeeds } from './plan.js';
import type { GenerationRequest } from './request.js';

/** What a finished job reports about itself: one infotext per image and its `info`. */
export interface JobInfo {
  infotexts: string[];
  /**
   * `info` before serialization (`dumpsYielding`): only the response's is written, once, so a
   * script's jobs and grids never serialize theirs.
   */
  infoObject: Record<string, PyJson>;
}

/** Text built between two turns of the event loop, so a long job description never stalls the server. */
const TEXT_PER_TURN = 1024 * 1024;

/** Text made since the event loop last turned: `due` says when `TEXT_PER_TURN` is reached and starts over. */
class TextTurns {
  private made = 0;

  due(text: string): boolean {
    this.made += text.length;
    if (this.made < TEXT_PER_TURN) return false;
    this.made = 0;
    return true;
  }
}

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Calls `make` for each item, yielding to the event loop after every `TEXT_PER_TURN` characters made. */
async function mapYielding<T>(items: readonly T[], make: (item: T, index: number) => string): Promise<string[]> {
  const out: string[] = [];
  const turns = new TextTurns();
  for (const [index, item] of items.entries()) {
    const text = make(item, index);
    out.push(text);
    if (turns.due(text)) await nextTurn();
  }
  return out;
}

/**
 * `pythonJsonDumps(info)`, with list items serialized a turn at a time (the lists hold one entry per image).
 * Awaits only when a turn is due: a small job's `info` is made in one go.
 */
export async function dumpsYielding(info: Record<string, PyJson>): Promise<string> {
  const fields: string[] = [];
  const turns = new TextTurns();
  for (const [key, value] of Object.entries(info)) {
    let text = '';
    if (Array.isArray(value)) {
      const items: string[] = [];
      for (const item of value) {
        items.push(pythonJsonDumps(item));
        if (turns.due(items.at(-1) as string)) await nextTurn();
      }
      text = `[${items.join(', ')}]`;
    } else text = pythonJsonDumps(value);
    fields.push(`${pythonJsonDumps(key)}: ${text}`);
  }
  return `{${fields.join(', ')}}`;
}

/**
 * `Processed.js()` and `create_infotext` for the images `produced` (their indexes in the job).
 * Options are read now, while `override_settings` are still applied.
 */
export async function describeJob(
  ctx: WebuiContext,
  job: {
    plan: GenerationPlan;
    seeds: GenerationSeeds;
    request: GenerationRequest;
    params: Record<string, PyJson>;
    /** `extra_generation_params` of scripts and extensions. */
    extra?: Record<string, PyJson>;
  },
  produced: number[],
): Promise<JobInfo> {
  const { profile, options, state } = ctx;
  const { plan, seeds, request, params, extra = {} } = job;
  const { kind, hires, width, height, steps, sampler, scheduleType, prompt, negative } = plan;
  const checkpoint = options.checkpoint;
  const restoreFaces = request.restore_faces ?? options.get('face_restoration') === true;
  const faceModel = restoreFaces ? String(options.get('face_restoration_model') ?? 'CodeFormer') : null;
  const clipSkip = Number(options.get('CLIP_stop_at_last_layers') ?? 1);
  const ensdValue = Number(options.get('eta_noise_seed_delta') ?? 0);
  const usesEnsd = profile.samplers.find((item) => item.name === sampler)?.options.uses_ensd === 'True';
  const denoising = params.denoising_strength ?? null;
  const infotexts = await mapYielding(produced, (index) =>
    buildInfotext(profile, {
      prompt,
      negativePrompt: negative,
      steps,
      sampler,
      ...(scheduleType !== undefined ? { scheduleType } : {}),
      cfgScale: params.cfg_scale ?? 7,
      ...(kind === 'img2img' && request.image_cfg_scale != null
        ? { imageCfgScale: params.image_cfg_scale ?? null }
        : {}),
      seed: seeds.allSeeds[index] as number,
      faceRestoration: faceModel,
      width,
      height,
      modelHash: options.get('add_model_hash_to_info') === false ? null : checkpoint.hash,
      modelName: options.get('add_model_name_to_info') === false ? null : basenameOf(checkpoint),
      ...(seeds.variation
        ? { variationSeed: seeds.allSubseeds[index] as number, variationSeedStrength: params.subseed_strength ?? null }
        : {}),
      seedResizeFrom: [request.seed_resize_from_w ?? -1, request.seed_resize_from_h ?? -1],
      denoisingStrength: kind === 'txt2img' && !hires && profile.denoisingNullByDefault ? null : denoising,
      clipSkip,
      ...(usesEnsd && ensdValue !== 0 ? { ensd: ensdValue } : {}),
      ...(hires
        ? {
            hires: {
              upscale: params.hr_scale ?? null,
              steps: request.hr_second_pass_steps ?? 0,
              upscaler: request.hr_upscaler ?? 'Latent',
            },
          }
        : {}),
      extra,
      ...(profile.fork ? { forge: forgeFields(ctx, params, hires) } : {}),
    }),
  );
  const info: Record<string, PyJson> = {
    prompt,
    all_prompts: produced.map(() => prompt),
    negative_prompt: negative,
    all_negative_prompts: produced.map(() => negative),
    seed: seeds.seed,
    all_seeds: produced.map((index) => seeds.allSeeds[index] as number),
    subseed: seeds.subseed,
    all_subseeds: produced.map((index) => seeds.allSubseeds[index] as number),
    subseed_strength: params.subseed_strength ?? 0,
    width,
    height,
    sampler_name: sampler,
    cfg_scale: params.cfg_scale ?? null,
    steps,
    batch_size: plan.batchSize,
    restore_faces: restoreFaces,
    face_restoration_model: faceModel,
    ...(profile.modelNameInInfo ? { sd_model_name: basenameOf(checkpoint) } : {}),
    sd_model_hash: checkpoint.hash,
    ...(profile.modelNameInInfo ? { sd_vae_name: null, sd_vae_hash: null } : {}),
    seed_resize_from_w: request.seed_resize_from_w ?? -1,
    seed_resize_from_h: request.seed_resize_from_h ?? -1,
    denoising_strength: denoising,
    extra_generation_params: { ...extra },
    index_of_first_image: 0,
    infotexts,
    styles: request.styles ?? [],
    job_timestamp: state.jobTimestamp,
    clip_skip: clipSkip,
    is_using_inpainting_conditioning: false,
    ...(profile.versionInInfo ? { version: profile.version } : {}),
  };
  return { infotexts, infoObject: info };
}

const strings = (value: PyJson | undefined): string[] | null =>
  Array.isArray(value) ? value.map((item) => (typeof item === 'string' ? item : pythonStr(item))) : null;

/** Forge's infotext inputs (EXTENSIONS.md §3.7): the hires CFG and modules, and the `forge_*` options. */
function forgeFields(ctx: WebuiContext, params: Record<string, PyJson>, hires: boolean): ForgeInfotextFields {
  return {
    hiresCfg: hires ? (params.hr_cfg ?? null) : null,
    hiresModules: hires ? strings(params.hr_additional_modules) : null,
    unetStorageDtype: String(ctx.options.get('forge_unet_storage_dtype') ?? 'Automatic'),
    modules: strings(ctx.options.get('forge_additional_modules') as PyJson) ?? [],
  };
}
