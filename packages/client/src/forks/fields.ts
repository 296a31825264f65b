/**
 * What decides whether a request needs the fork (kept apart from the adaptation itself, which
 * loads only for such requests).
 */
import type { components } from '../generated/forge-2.js';

type ForgeTxt2img = components['schemas']['StableDiffusionProcessingTxt2Img'];

/**
 * Forge's own generation fields (target `forge-2`). Sent only to Forge (reForge: `hr_cfg` only);
 * another server would ignore them, so the client refuses them there.
 */
export type ForgeFields = Pick<
  ForgeTxt2img,
  'distilled_cfg_scale' | 'hr_cfg' | 'hr_distilled_cfg' | 'hr_additional_modules'
>;

/** Forge's own generation fields. */
export const FORGE_FIELDS = ['distilled_cfg_scale', 'hr_cfg', 'hr_distilled_cfg', 'hr_additional_modules'] as const;

export type ForkShape = ForgeFields & {
  enable_hr?: boolean | null;
  scheduler?: string | null;
  hr_scheduler?: string | null;
  cfg_scale?: number | null;
  override_settings?: Record<string, unknown> | null;
};

export const vaeOf = (params: ForkShape) => params.override_settings?.sd_vae;

/**
 * Whether shaping this request depends on the fork (so the client only detects when it must). A
 * scheduler does too (SD.Next has no such field; a release before 1.9 takes it folded into the
 * sampler), and a checkpoint (SD.Next knows fewer of its names: it is sent as its title).
 */
export function dependsOnFork(params: ForkShape): boolean {
  const fields = params as Record<string, unknown>;
  return (
    params.enable_hr === true ||
    vaeOf(params) != null ||
    params.override_settings?.sd_model_checkpoint != null ||
    params.scheduler != null ||
    params.hr_scheduler != null ||
    FORGE_FIELDS.some((key) => fields[key] != null)
  );
}
