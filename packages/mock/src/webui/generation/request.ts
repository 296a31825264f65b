/** A txt2img/img2img request after validation (defaults filled), as plain values. */
export interface GenerationRequest {
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

export type GenerationKind = 'txt2img' | 'img2img';
