/** SD.Next's txt2img/img2img request after validation (defaults filled), as plain values; the fields the mock reads. */
export interface SdnextGenerationRequest {
  sd_model_checkpoint: string | null;
  prompt: string | null;
  negative_prompt: string | null;
  seed: number | null;
  subseed: number | null;
  subseed_strength: number | null;
  seed_resize_from_h: number | null;
  seed_resize_from_w: number | null;
  batch_size: number | null;
  n_iter: number | null;
  steps: number | null;
  clip_skip: number | null;
  width: number | null;
  height: number | null;
  sampler_index: number | string;
  sampler_name: string | null;
  hr_sampler_name: string | null;
  cfg_scale: number | null;
  cfg_end: number | null;
  cfg_rescale: number | null;
  cfg_true: number | null;
  cfg_adaptive: number | null;
  cfg_image: number | null;
  styles: string[] | null;
  vae_type: string | null;
  denoising_strength: number | null;
  enable_hr: boolean | null;
  hr_scale: number | null;
  hr_force: boolean | null;
  hr_resize_mode: number | null;
  hr_second_pass_steps: number | null;
  hr_resize_x: number | null;
  hr_resize_y: number | null;
  hr_denoising_strength: number | null;
  hr_upscaler: string | null;
  refiner_prompt: string | null;
  refiner_negative: string | null;
  prompt_attention: string | null;
  sequential_seed: boolean | null;
  keep_incomplete: boolean | null;
  override_settings: Record<string, unknown> | null;
  override_settings_restore_afterwards: boolean | null;
  send_images: boolean;
  save_images: boolean;
  script_name: string | null;
  script_args: unknown[];
  alwayson_scripts: Record<string, unknown>;
  face?: Record<string, unknown> | null;
  ip_adapter: Array<{ images?: unknown[]; masks?: unknown[] | null }> | null;
  /** img2img only. */
  init_images?: unknown[] | null;
  mask?: unknown;
  include_init_images?: boolean;
}

export type SdnextGenerationKind = 'txt2img' | 'img2img';
