/**
 * sd-webui-controlnet v1.1.455's preprocessor catalogue (only the extension installed), from
 * the facts sheet of the extension's sources (`scripts/preprocessor/*.py`, the legacy
 * `preprocessor_compiled.py`): name, label, control-type tags, visible sliders, flags, in the
 * order `module_list` reports (`none` first, then by priority and label, descending).
 */
export interface Slider {
  name: string;
  value: number;
  min: number;
  max: number;
  step: number;
  /** The default is a Python float (`0.5`), not an int (`100`): infotexts print it that way. */
  float: boolean;
}

export interface Preprocessor {
  name: string;
  label: string;
  tags: readonly string[];
  /** Visible resolution slider, or none (hidden: the bound check then uses min 0, max 1, default 0.5). */
  resolution: Slider | null;
  /** Visible sliders 1 and 2 (threshold_a, threshold_b), in that order. */
  sliders: readonly Slider[];
  /** Needs no ControlNet model (reference, revision). */
  modelFree: boolean;
  /** Returns a tensor, so the generation "map" is the input image. */
  tensor: boolean;
  /** `detect` needs one mask per image. */
  maskRequired: boolean;
}

const slider = (name: string, value: number, min: number, max: number, step: number, float = true): Slider => ({
  name,
  value,
  min,
  max,
  step,
  float,
});
const R = slider('Resolution', 512, 64, 2048, 8, false);
/** A hidden slider still bounds values: min 0, max 1, default 0.5. */
export const HIDDEN_SLIDER = slider('', 0.5, 0, 1, 0.01);

type Row = [
  name: string,
  label: string | null,
  tags: string,
  resolution: Slider | null,
  sliders: Slider[],
  flags?: string,
];

const fidelity = slider('Style Fidelity (only for Balanced mode)', 0.5, 0, 1, 0.01);
const noise = slider('Noise Augmentation', 0, 0, 1, 0.01);
const gamma = slider('Gamma Correction', 1, 0.1, 2, 0.001);
const variation = slider('Variation', 8, 3, 32, 1);
const safeSteps = slider('Safe Steps', 2, 0, 10, 1, false);
const removeNear = slider('Remove Near %', 0, 0, 100, 0.1, false);
const removeBackground = slider('Remove Background %', 0, 0, 100, 0.1, false);

const ROWS: Row[] = [
  ['none', null, 'InstructP2P', R, []],
  ['ip-adapter-auto', null, 'IP-Adapter', R, [], 'tensor'],
  ['tile_resample', null, 'Tile', R, [slider('Down Sampling Rate', 1, 1, 8, 0.01)]],
  ['pidinet', 'softedge_pidinet', 'SoftEdge', R, []],
  ['oneformer_ade20k', 'seg_ofade20k', 'Segmentation', R, []],
  ['pidinet_scribble', 'scribble_pidinet', 'Scribble,SparseCtrl', R, []],
  ['revision_clipvision', null, 'Revision', R, [noise], 'model_free,tensor'],
  ['reference_only', null, 'Reference', R, [fidelity], 'model_free'],
  ['recolor_luminance', null, 'Recolor', R, [gamma]],
  ['openpose_full', null, 'OpenPose', R, []],
  ['normal_bae', null, 'NormalMap', R, []],
  [
    'mlsd',
    null,
    'MLSD',
    R,
    [slider('MLSD Value Threshold', 0.1, 0.01, 2, 0.01), slider('MLSD Distance Threshold', 0.1, 0.01, 20, 0.01)],
  ],
  ['lineart_standard', 'lineart_standard (from white bg & black line)', 'Lineart', R, []],
  ['ip-adapter_clip_sd15', 'ip-adapter_clip_h', 'IP-Adapter', R, [], 'tensor'],
  ['inpaint_only', null, 'Inpaint', null, [], 'mask'],
  ['depth', 'depth_midas', 'Depth', R, []],
  [
    'canny',
    null,
    'Canny',
    R,
    [slider('Low Threshold', 100, 1, 255, 1, false), slider('High Threshold', 200, 1, 255, 1, false)],
  ],
  ['invert', 'invert (from white bg & black line)', 'Canny,Lineart,Scribble,MLSD', null, []],
  ['tile_colorfix+sharp', null, 'Tile', R, [variation, slider('Sharpness', 1, 0, 2, 0.01)]],
  ['tile_colorfix', null, 'Tile', R, [variation]],
  ['threshold', null, '', R, [slider('Binarization Threshold', 127, 0, 255, 0.01, false)]],
  ['clip_vision', 't2ia_style_clipvision', 'T2I-Adapter', R, [], 'tensor'],
  ['pidinet_sketch', 't2ia_sketch_pidi', 'T2I-Adapter', R, []],
  ['color', 't2ia_color_grid', 'T2I-Adapter', R, []],
  ['softedge_teed', null, 'SoftEdge', R, [safeSteps]],
  ['pidinet_safe', 'softedge_pidisafe', 'SoftEdge', R, []],
  ['hed_safe', 'softedge_hedsafe', 'SoftEdge', R, []],
  ['hed', 'softedge_hed', 'SoftEdge', R, []],
  ['softedge_anyline', null, 'SoftEdge', slider('Resolution', 1280, 64, 2048, 8, false), [safeSteps]],
  ['shuffle', null, 'Shuffle', null, []],
  ['segmentation', 'seg_ufade20k', 'Segmentation', R, []],
  ['oneformer_coco', 'seg_ofcoco', 'Segmentation', R, []],
  ['anime_face_segment', 'seg_anime_face', 'Segmentation', R, []],
  ['scribble_xdog', null, 'Scribble,SparseCtrl', R, [slider('XDoG Threshold', 32, 1, 64, 0.01, false)]],
  ['scribble_hed', null, 'Scribble,SparseCtrl', R, []],
  ['revision_ignore_prompt', null, 'Revision', R, [noise], 'model_free,tensor'],
  ['reference_adain+attn', null, 'Reference', R, [fidelity], 'model_free'],
  ['reference_adain', null, 'Reference', R, [fidelity], 'model_free'],
  ['recolor_intensity', null, 'Recolor', R, [gamma]],
  ['openpose_hand', null, 'OpenPose', R, []],
  ['openpose_faceonly', null, 'OpenPose', R, []],
  ['openpose_face', null, 'OpenPose', R, []],
  ['openpose', null, 'OpenPose', R, []],
  ['normal_map', 'normal_midas', 'NormalMap', R, [slider('Normal Background Threshold', 0.4, 0, 1, 0.01)]],
  [
    'normal_dsine',
    null,
    'NormalMap',
    R,
    [slider('Fov', 60, 0, 360, 0.1, false), slider('Iterations', 5, 1, 20, 1, false)],
  ],
  ['mobile_sam', null, 'Segmentation', R, []],
  [
    'mediapipe_face',
    null,
    '',
    R,
    [slider('Max Faces', 1, 1, 10, 1, false), slider('Min Face Confidence', 0.5, 0.01, 1, 0.01)],
  ],
  ['lineart', 'lineart_realistic', 'Lineart', R, []],
  ['lineart_coarse', null, 'Lineart', R, []],
  ['lineart_anime_denoise', null, 'Lineart', R, []],
  ['lineart_anime', null, 'Lineart', R, []],
  ['ip-adapter_pulid', null, 'IP-Adapter', null, [], 'tensor'],
  ['ip-adapter_face_id_plus', null, 'IP-Adapter', R, [], 'tensor'],
  ['ip-adapter_face_id', null, 'IP-Adapter', R, [], 'tensor'],
  ['ip-adapter_clip_sdxl_plus_vith', null, 'IP-Adapter', R, [], 'tensor'],
  ['ip-adapter_clip_sdxl', 'ip-adapter_clip_g', 'IP-Adapter', R, [], 'tensor'],
  ['instant_id_face_keypoints', null, 'Instant-ID', R, []],
  ['instant_id_face_embedding', null, 'Instant-ID', R, [], 'tensor'],
  ['inpaint_only+lama', null, 'Inpaint', null, [], 'mask'],
  ['inpaint', 'inpaint_global_harmonious', 'Inpaint', null, [], 'mask'],
  ['facexlib', null, '', null, []],
  ['dw_openpose_full', null, 'OpenPose', R, []],
  ['depth_zoe', null, 'Depth', R, []],
  ['depth_leres++', null, 'Depth', R, [removeNear, removeBackground]],
  ['depth_leres', null, 'Depth', R, [removeNear, removeBackground]],
  ['depth_hand_refiner', null, 'Depth', R, []],
  ['depth_anything_v2', null, 'Depth', R, []],
  ['depth_anything', null, 'Depth', R, []],
  ['densepose_parula', 'densepose_parula (black bg & blue torso)', 'OpenPose', R, []],
  ['densepose', 'densepose (pruple bg & purple torso)', 'OpenPose', R, []],
  ['blur_gaussian', null, 'Tile', R, [slider('Sigma', 9, 0.01, 64, 0.01)]],
  ['animal_openpose', null, 'OpenPose', R, []],
];

export const PREPROCESSORS: readonly Preprocessor[] = ROWS.map(
  ([name, label, tags, resolution, sliders, flags = '']) => ({
    name,
    label: label ?? name,
    tags: tags === '' ? [] : tags.split(','),
    resolution,
    sliders,
    modelFree: flags.includes('model_free'),
    tensor: flags.includes('tensor'),
    maskRequired: flags.includes('mask'),
  }),
);

/** `module` is looked up as a label, then as a name (exact, case-sensitive). */
export function findPreprocessor(module: string): Preprocessor | undefined {
  return PREPROCESSORS.find((item) => item.label === module) ?? PREPROCESSORS.find((item) => item.name === module);
}

/** Control types (`/controlnet/control_types` keys): `All`, then the sorted tags. */
export const CONTROL_TYPES: readonly string[] = [
  'All',
  ...[...new Set(PREPROCESSORS.flatMap((item) => item.tags))].sort(),
];

/** Extra words a control type matches in model names (`global_state.py`). */
export const CONTROL_TYPE_ALIASES: Record<string, readonly string[]> = {
  InstructP2P: ['ip2p'],
  Segmentation: ['seg', 'union'],
  NormalMap: ['normal', 'union'],
  'T2I-Adapter': ['t2i_adapter', 't2iadapter', 't2ia'],
  'IP-Adapter': ['ip_adapter', 'ipadapter'],
  OpenPose: ['densepose', 'union'],
  'Instant-ID': ['instant_id', 'instantid'],
  Scribble: ['sketch', 'union'],
  Tile: ['blur', 'union'],
  Depth: ['union'],
  SoftEdge: ['union'],
  Canny: ['union'],
  Lineart: ['union'],
  MLSD: ['union'],
  Inpaint: ['union'],
};
