import type { Infotext } from '../parse/index.js';

/**
 * The txt2img fields an infotext determines, in the request's own snake_case names. Assignable
 * to the generated `StableDiffusionProcessingTxt2Img` body of every supported webui version.
 */
export interface Txt2imgRequestFromInfotext {
  prompt: string;
  negative_prompt: string;
  steps?: number;
  sampler_name?: string;
  scheduler?: string;
  cfg_scale?: number;
  seed?: number;
  subseed?: number;
  subseed_strength?: number;
  width?: number;
  height?: number;
  denoising_strength?: number;
  enable_hr?: boolean;
  hr_scale?: number;
  hr_upscaler?: string;
  hr_second_pass_steps?: number;
  hr_resize_x?: number;
  hr_resize_y?: number;
  hr_sampler_name?: string;
  hr_scheduler?: string;
  hr_checkpoint_name?: string;
  hr_prompt?: string;
  hr_negative_prompt?: string;
  override_settings?: { sd_model_checkpoint?: string; CLIP_stop_at_last_layers?: number; sd_vae?: string };
}

const SAME = /^Use same /;

/**
 * Builds the txt2img request that re-generates an image from its infotext. The model goes to
 * `override_settings.sd_model_checkpoint` by name (the webui accepts the file name without
 * extension); `Clip skip` to `CLIP_stop_at_last_layers`. Fields the infotext lacks are left out
 * so the server's defaults apply. Schedule type `Automatic` is omitted: it is the default.
 */
export function toTxt2imgRequest(info: Infotext): Txt2imgRequestFromInfotext {
  const request: Txt2imgRequestFromInfotext = { prompt: info.prompt, negative_prompt: info.negativePrompt };
  const set = <K extends keyof Txt2imgRequestFromInfotext>(
    key: K,
    value: Txt2imgRequestFromInfotext[K] | undefined,
  ) => {
    if (value !== undefined) request[key] = value;
  };
  set('steps', info.steps);
  set('sampler_name', info.sampler);
  if (info.scheduleType !== undefined && info.scheduleType !== 'Automatic') set('scheduler', info.scheduleType);
  set('cfg_scale', info.cfgScale);
  set('seed', info.seed);
  set('width', info.width);
  set('height', info.height);
  if (info.variationSeed !== undefined) {
    set('subseed', info.variationSeed);
    set('subseed_strength', info.variationSeedStrength);
  }
  const hires = info.hires;
  if (hires && (hires.upscale !== undefined || hires.resizeWidth !== undefined)) {
    request.enable_hr = true;
    set('denoising_strength', info.denoisingStrength);
    set('hr_scale', hires.upscale);
    set('hr_upscaler', hires.upscaler);
    set('hr_second_pass_steps', hires.steps);
    set('hr_resize_x', hires.resizeWidth);
    set('hr_resize_y', hires.resizeHeight);
    if (hires.sampler !== undefined && !SAME.test(hires.sampler)) set('hr_sampler_name', hires.sampler);
    set('hr_scheduler', hires.scheduleType);
    if (hires.checkpoint !== undefined && !SAME.test(hires.checkpoint)) set('hr_checkpoint_name', hires.checkpoint);
    set('hr_prompt', hires.prompt);
    set('hr_negative_prompt', hires.negativePrompt);
  }
  const overrides: NonNullable<Txt2imgRequestFromInfotext['override_settings']> = {};
  if (info.model !== undefined) overrides.sd_model_checkpoint = info.model;
  if (info.clipSkip !== undefined) overrides.CLIP_stop_at_last_layers = info.clipSkip;
  if (info.vae !== undefined) overrides.sd_vae = info.vae;
  if (Object.keys(overrides).length > 0) request.override_settings = overrides;
  return request;
}
