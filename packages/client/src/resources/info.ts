import { MAX_JSON_DEPTH, nestsDeeper } from '../core/json-depth/index.js';

/**
 * The `info` of a txt2img/img2img response, parsed. The webui sends it as a JSON *string* that
 * the spec cannot type; these are its keys (v1.10; older releases lack the optional ones).
 */
export interface GenerationInfo {
  prompt: string;
  all_prompts: string[];
  negative_prompt: string;
  all_negative_prompts: string[];
  seed: number;
  all_seeds: number[];
  subseed: number;
  all_subseeds: number[];
  subseed_strength: number;
  width: number;
  height: number;
  sampler_name: string;
  cfg_scale: number;
  steps: number;
  batch_size: number;
  restore_faces: boolean;
  face_restoration_model: string | null;
  /** 1.6+ */
  sd_model_name?: string;
  sd_model_hash: string | null;
  /** 1.6+ */
  sd_vae_name?: string | null;
  /** 1.6+ */
  sd_vae_hash?: string | null;
  seed_resize_from_w: number;
  seed_resize_from_h: number;
  denoising_strength: number | null;
  extra_generation_params: Record<string, unknown>;
  /** 1 when a grid image comes first in `images`. */
  index_of_first_image: number;
  /** One infotext per returned image. */
  infotexts: string[];
  styles: string[];
  job_timestamp: string;
  clip_skip: number;
  is_using_inpainting_conditioning: boolean;
  /** 1.7+: `v1.10.1` (Forge: `f2.0.1v1.10.1-…`). */
  version?: string | null;
}

/** The parsed `info`, or undefined when it is not a JSON object (not what the webui sends) or nests too deep to parse. */
export function parseGenerationInfo(info: string): GenerationInfo | undefined {
  if (nestsDeeper(info, MAX_JSON_DEPTH)) return undefined;
  try {
    const parsed: unknown = JSON.parse(info);
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
      ? (parsed as GenerationInfo)
      : undefined;
  } catch {
    return undefined;
  }
}
