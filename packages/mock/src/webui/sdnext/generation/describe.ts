import { toPlain, type PyJson } from '../../python/index.js';
import { SDNEXT_RELEASE, type SdnextContext } from '../context.js';
import { shortHash, type SdnextCheckpoint } from '../models/index.js';
import { formatSdnextInfotext, type InfotextEntry } from './infotext.js';
import type { SdnextPlan, SdnextSeeds } from './plan.js';

/** One job being described: its plan, seeds, the validated request (Python values) and the loaded model. */
export interface DescribedJob {
  plan: SdnextPlan;
  seeds: SdnextSeeds;
  params: Record<string, PyJson>;
  model: SdnextCheckpoint;
  /** img2img: the first init image's size and hash. */
  init?: { width: number; height: number; hash: string };
}

const num = (value: PyJson | undefined): number => {
  const plain = toPlain(value);
  return typeof plain === 'number' ? plain : Number.NaN;
};
/** `value if condition(value) else None`, keeping the Python value (a float stays a float). */
const when = (value: PyJson | undefined, keep: (n: number) => boolean): PyJson | undefined =>
  value !== undefined && value !== null && keep(num(value)) ? value : null;
const text = (value: PyJson | undefined): string => (typeof value === 'string' ? value : '');

/** Options whose `Default`/`None` values keep an entry out of the infotext. */
function optionEntries(ctx: SdnextContext, params: Record<string, PyJson>): InfotextEntry[] {
  const parser = (params.prompt_attention as string | null) || String(ctx.options.get('prompt_attention'));
  const encoder = ctx.options.get('sd_text_encoder');
  const unet = ctx.options.get('sd_unet');
  return [
    ['Parser', parser !== 'native' ? parser : null],
    ['Comment', null],
    ['TE', encoder === null || encoder === 'Default' ? null : (encoder as string)],
    ['UNet', unet === null || unet === 'Default' ? null : (unet as string)],
  ];
}

const VAE_NAMES: Record<string, string> = { Tiny: 'TAESD', 'REPA-E': 'REPA-E', Remote: 'Remote' };

/**
 * The infotext of image `index` of iteration `iteration` (`create_infotext(p, p.prompts, p.seeds, …,
 * index)`), or of the grid when `grid` (`RxC`) is given. Keys in SD.Next's order; the `Sampler` entry
 * is left out for `Default`, `CFG rescale` kept at 0.0, `Version` is the commit's 7 hex.
 */
export function sdnextInfotext(
  ctx: SdnextContext,
  job: DescribedJob,
  iteration: number,
  index: number,
  grid?: string,
): string {
  const { plan, seeds, params, model } = job;
  const at = iteration * plan.batchSize + index;
  const batched = plan.nIter > 1 || plan.batchSize > 1;
  const resizeW = num(params.seed_resize_from_w);
  const resizeH = num(params.seed_resize_from_h);
  const styles = toPlain(params.styles) as string[] | null;
  const variation = num(params.subseed_strength) > 0;
  const entries: InfotextEntry[] = [
    ['Steps', params.steps ?? null],
    ['Size', `${plan.width}x${plan.height}`],
    ['Sampler', plan.sampler !== 'Default' ? plan.sampler : null],
    ['Scheduler', ctx.samplers.schedulerClass(plan.sampler, model.scheduler)],
    ['Seed', seeds.allSeeds[at] ?? null],
    ['Seed resize from', resizeW <= 0 || resizeH <= 0 ? null : `${resizeW}x${resizeH}`],
    ['CFG scale', when(params.cfg_scale, (n) => n > -1)],
    ['CFG rescale', when(params.cfg_rescale, (n) => n > -1)],
    ['CFG end', when(params.cfg_end, (n) => n < 1)],
    ['CFG true', when(params.cfg_true, (n) => n > 0)],
    ['CFG adaptive', when(params.cfg_adaptive, (n) => n !== 0.5)],
    ['CLiP-skip', when(params.clip_skip, (n) => n > 1)],
    ['Batch', batched ? `${plan.nIter}x${plan.batchSize}` : null],
    ['Refiner prompt', text(params.refiner_prompt) || null],
    ['Refiner negative', text(params.refiner_negative) || null],
    ['Styles', styles && styles.length > 0 ? styles.join('; ') : null],
    ['App', 'SD.Next'],
    ['Version', SDNEXT_RELEASE.short],
    ...optionEntries(ctx, params),
    ['Pipeline', model.pipeline],
    ['Operations', [...new Set(plan.ops)].join('; ')],
    ['Model', (model.name.split('/').pop() as string).replaceAll(',', '').replaceAll(':', '')],
    ['Model hash', shortHash(model)],
    ['VAE', VAE_NAMES[text(params.vae_type)] ?? null],
    ['Index', grid === undefined && batched ? `${iteration + 1}x${index + 1}` : null],
    ['Grid', grid ?? null],
  ];
  if (plan.ops.includes('txt2img')) {
    entries.push(['Variation seed', variation ? (seeds.allSubseeds[at] ?? null) : null]);
    entries.push(['Variation strength', variation ? (params.subseed_strength ?? null) : null]);
  }
  if (plan.ops.includes('hires') || plan.ops.includes('upscale')) entries.push(...hiresEntries(plan, params));
  if (job.init !== undefined) {
    const size = `${job.init.width}x${job.init.height}`;
    entries.push(['Init image size', size], ['Init image hash', job.init.hash]);
    entries.push(['Image CFG scale', when(params.cfg_image, (n) => n > -1)]);
    entries.push(['Denoising strength', params.denoising_strength ?? null]);
  }
  return formatSdnextInfotext(plan.prompt, plan.negative, entries);
}

/** Hires fix's entries (`processing_info.py`): `Refine`, the upscale, and the second pass. */
function hiresEntries(plan: SdnextPlan, params: Record<string, PyJson>): InfotextEntry[] {
  const entries: InfotextEntry[] = [['Refine', params.enable_hr ?? null]];
  if (plan.ops.includes('upscale')) {
    const fixed = num(params.hr_resize_x) > 0 || num(params.hr_resize_y) > 0;
    entries.push(['HiRes mode', params.hr_resize_mode ?? null], ['Hires upscaler', params.hr_upscaler ?? null]);
    entries.push(
      fixed
        ? ['Hires fixed', `${num(params.hr_resize_x)}x${num(params.hr_resize_y)}`]
        : ['Hires scale', params.hr_scale ?? null],
    );
    entries.push(['Hires size', `${plan.outWidth}x${plan.outHeight}`]);
  }
  if (params.hr_force === true || text(params.hr_upscaler).includes('Latent')) {
    entries.push(['Hires force', params.hr_force ?? null], ['Hires steps', params.hr_second_pass_steps ?? null]);
    entries.push(['Hires strength', params.hr_denoising_strength ?? null]);
    const sampler = text(params.hr_sampler_name);
    entries.push(['Hires sampler', sampler !== 'Default' ? sampler : null]);
    entries.push(['Hires CFG scale', when(params.cfg_image, (n) => n > -1)]);
  }
  return entries;
}

/**
 * `Processed.js()`: the `info` JSON's object (keys in SD.Next's order). `cfg_end` is null from 1 up,
 * `detailer_model` is `Detailer` or null, `sd_model_hash` the loaded model's short hash.
 */
export function sdnextInfo(
  job: DescribedJob,
  infotexts: string[],
  indexOfFirstImage: number,
  jobTimestamp: string,
): Record<string, PyJson> {
  const { plan, seeds, params, model } = job;
  const count = plan.batchSize * plan.nIter;
  const detailer = params.detailer_enabled === true;
  return {
    prompt: plan.prompt,
    all_prompts: Array.from({ length: count }, () => plan.prompt),
    negative_prompt: plan.negative,
    all_negative_prompts: Array.from({ length: count }, () => plan.negative),
    seed: seeds.allSeeds[0] ?? -1,
    all_seeds: seeds.allSeeds,
    subseed: seeds.allSubseeds[0] ?? -1,
    all_subseeds: seeds.allSubseeds,
    subseed_strength: params.subseed_strength ?? null,
    width: plan.width,
    height: plan.height,
    sampler_name: plan.sampler,
    cfg_scale: when(params.cfg_scale, (n) => n > -1) ?? null,
    cfg_end: when(params.cfg_end, (n) => n < 1) ?? null,
    steps: plan.steps,
    batch_size: plan.batchSize,
    detailer,
    detailer_model: detailer ? 'Detailer' : null,
    sd_model_hash: shortHash(model),
    seed_resize_from_w: params.seed_resize_from_w ?? null,
    seed_resize_from_h: params.seed_resize_from_h ?? null,
    denoising_strength: params.denoising_strength ?? null,
    extra_generation_params: {},
    index_of_first_image: indexOfFirstImage,
    infotexts,
    styles: params.styles ?? null,
    job_timestamp: jobTimestamp,
    clip_skip: params.clip_skip ?? null,
  };
}
