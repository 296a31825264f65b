import type { Profile } from '../../profiles/index.js';
import { findPreprocessor, PREPROCESSORS, type Preprocessor } from './preprocessors.js';

/**
 * What differs between the ControlNet implementations the mock emulates: sd-webui-controlnet
 * v1.1.455 (an installed extension) and Forge's built-in `sd_forge_controlnet` (EXTENSIONS.md
 * §3.10–3.11), chosen by the profile. Forge's units are a different program altogether (`forge.ts`).
 */
export interface ControlNetFlavour {
  /** Where it comes from, for messages. */
  name: string;
  /** `module` resolution: name or label (sd-webui-controlnet), display names only (Forge). */
  findModule(module: string): Preprocessor | undefined;
  /**
   * Its `/controlnet/*` routes: sd-webui-controlnet's (API version 3), or Forge's (no `version`,
   * `settings`, `render_openpose_json`; `"None"` first in the model and module lists).
   */
  api: 'sd-webui-controlnet' | 'forge';
}

export const SD_WEBUI_CONTROLNET: ControlNetFlavour = {
  name: 'sd-webui-controlnet v1.1.455',
  findModule: findPreprocessor,
  api: 'sd-webui-controlnet',
};

/**
 * Forge's display names (EXTENSIONS.md §3.11) that the mock's preprocessor catalogue also has.
 * Forge-only preprocessors (its IP-Adapter, InstantID-embedding and Revision names, ControlLLLite,
 * `depth_marigold`, `tile_colorfix`, …) are not emulated: a unit naming one is skipped as unknown.
 */
const FORGE_NAMES = new Set([
  'canny',
  'invert (from white bg & black line)',
  'animal_openpose',
  'blur_gaussian',
  'densepose (pruple bg & purple torso)',
  'densepose_parula (black bg & blue torso)',
  'depth_anything',
  'depth_anything_v2',
  'depth_hand_refiner',
  'depth_leres',
  'depth_leres++',
  'depth_midas',
  'depth_zoe',
  'dw_openpose_full',
  'instant_id_face_keypoints',
  'lineart_anime',
  'lineart_anime_denoise',
  'lineart_coarse',
  'lineart_realistic',
  'lineart_standard (from white bg & black line)',
  'mediapipe_face',
  'mlsd',
  'normal_midas',
  'openpose',
  'openpose_face',
  'openpose_faceonly',
  'openpose_full',
  'openpose_hand',
  'scribble_hed',
  'scribble_pidinet',
  'scribble_xdog',
  'seg_anime_face',
  'seg_ofade20k',
  'seg_ofcoco',
  'seg_ufade20k',
  'shuffle',
  'softedge_hed',
  'softedge_hedsafe',
  'softedge_pidinet',
  'softedge_pidisafe',
  'softedge_teed',
  't2ia_color_grid',
  't2ia_sketch_pidi',
  'threshold',
  'inpaint_global_harmonious',
  'inpaint_only',
  'inpaint_only+lama',
  'normalbae',
  'recolor_intensity',
  'recolor_luminance',
  'reference_only',
  'reference_adain',
  'reference_adain+attn',
  'tile_resample',
  'tile_colorfix',
  'tile_colorfix+sharp',
]);
const FORGE_PREPROCESSORS = PREPROCESSORS.filter((item) => item.name !== 'none' && FORGE_NAMES.has(item.label));
const NONE = PREPROCESSORS.find((item) => item.name === 'none') as Preprocessor;

export const FORGE_CONTROLNET: ControlNetFlavour = {
  name: 'Forge built-in sd_forge_controlnet',
  // Case-sensitive display names; lower-case `none` and sd-webui-controlnet's internal names are not found.
  findModule: (module) => (module === 'None' ? NONE : FORGE_PREPROCESSORS.find((item) => item.label === module)),
  api: 'forge',
};

/** Forge's preprocessors in `/controlnet/module_list` order: `None` (sd-webui-controlnet's `none`), then the rest. */
export const FORGE_MODULES: readonly Preprocessor[] = [NONE, ...FORGE_PREPROCESSORS];

/** The ControlNet a profile has: Forge's built-in one when its `fork` says so. */
export function controlNetFlavour(profile: Profile): ControlNetFlavour {
  return profile.fork?.builtinControlNet ? FORGE_CONTROLNET : SD_WEBUI_CONTROLNET;
}
