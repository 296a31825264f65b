import { PydanticModel } from '../../../fastapi/pydantic/index.js';
import { pythonRepr, toPlain, type PyJson } from '../../python/index.js';
import type { WebuiContext } from '../../generation/context.js';
import { pydanticErrorText } from '../pydantic-error.js';
import type { ScriptEffect } from '../script-effect.js';
import { AD_ARGS_SCHEMA, AD_FIELD_NAMES } from './args.js';

export const ADETAILER_VERSION = '25.3.0';

/** `/adetailer/v1/ad_model` with the default downloads (`adetailer/common.py`). */
export const AD_MODELS: readonly string[] = Object.freeze([
  'face_yolov8n.pt',
  'face_yolov8s.pt',
  'hand_yolov8n.pt',
  'person_yolov8n-seg.pt',
  'person_yolov8s-seg.pt',
  'yolov8x-worldv2.pt',
  'mediapipe_face_full',
  'mediapipe_face_short',
  'mediapipe_face_mesh',
  'mediapipe_face_mesh_eyes_only',
]);

/** Option `ad_max_models` (default 4, 1–15): the script has `[enable, skip_img2img, tab 1 … tab n]` slots. */
export const AD_TAB_COUNT = 4;

/**
 * The slot defaults A1111 keeps where a request sends fewer args: UI defaults, so tab 1's
 * detector is the first model (an extra `face_yolov8n.pt` pass when `[true, {…}]` is sent).
 */
export function adetailerDefaultArgs(tabs = AD_TAB_COUNT): unknown[] {
  return [false, false, { ad_model: AD_MODELS[0] }, ...Array.from({ length: tabs - 1 }, () => ({ ad_model: 'None' }))];
}

const ordinal = (n: number): string => {
  const suffix = n % 100 >= 11 && n % 100 <= 13 ? 'th' : (['th', 'st', 'nd', 'rd'][n % 10] ?? 'th');
  return `${n}${suffix}`;
};

const model = new PydanticModel({});

/** One tab validated: pydantic v1 with `extra = forbid`; `undefined` and the console text when it fails. */
function validateTab(tab: Record<string, unknown>): { args?: Record<string, PyJson>; error?: string } {
  const { value, issues } = model.coerce(AD_ARGS_SCHEMA, tab as PyJson, []);
  for (const key of Object.keys(tab)) {
    if (!AD_FIELD_NAMES.has(key))
      issues.push({ loc: [key], msg: 'extra fields not permitted', type: 'value_error.extra' });
  }
  if (issues.length > 0) return { error: pydanticErrorText('ADetailerArgs', issues) };
  return { args: value as Record<string, PyJson> };
}

/** The infotext keys of one tab (`ADetailerArgs.extra_params`), suffixed ` 2nd`, ` 3rd`, … after the first. */
function tabInfotext(args: Record<string, PyJson>, suffix: string): Record<string, PyJson> {
  const plain = toPlain(args) as Record<string, unknown>;
  const out: Record<string, PyJson> = {};
  const put = (key: string, field: string, when = true) => {
    if (when) out[`ADetailer ${key}${suffix}`] = args[field] as PyJson;
  };
  put('model', 'ad_model');
  put('model classes', 'ad_model_classes', plain.ad_model_classes !== '');
  put('prompt', 'ad_prompt', plain.ad_prompt !== '');
  put('negative prompt', 'ad_negative_prompt', plain.ad_negative_prompt !== '');
  put('confidence', 'ad_confidence');
  put('method to decide top k masks', 'ad_mask_filter_method', plain.ad_mask_k !== 0);
  put('mask only top k', 'ad_mask_k', plain.ad_mask_k !== 0);
  put('mask min ratio', 'ad_mask_min_ratio', plain.ad_mask_min_ratio !== 0);
  put('mask max ratio', 'ad_mask_max_ratio', plain.ad_mask_max_ratio !== 1);
  put('x offset', 'ad_x_offset', plain.ad_x_offset !== 0);
  put('y offset', 'ad_y_offset', plain.ad_y_offset !== 0);
  put('dilate erode', 'ad_dilate_erode');
  put('mask merge invert', 'ad_mask_merge_invert', plain.ad_mask_merge_invert !== 'None');
  put('mask blur', 'ad_mask_blur');
  put('denoising strength', 'ad_denoising_strength');
  const flagged: Array<[flag: string, flagKey: string, pairs: Array<[string, string]>]> = [
    ['ad_inpaint_only_masked', 'inpaint only masked', [['inpaint padding', 'ad_inpaint_only_masked_padding']]],
    [
      'ad_use_inpaint_width_height',
      'use inpaint width height',
      [
        ['inpaint width', 'ad_inpaint_width'],
        ['inpaint height', 'ad_inpaint_height'],
      ],
    ],
    ['ad_use_steps', 'use separate steps', [['steps', 'ad_steps']]],
    ['ad_use_cfg_scale', 'use separate CFG scale', [['CFG scale', 'ad_cfg_scale']]],
    ['ad_use_checkpoint', 'use separate checkpoint', [['checkpoint', 'ad_checkpoint']]],
    ['ad_use_vae', 'use separate VAE', [['VAE', 'ad_vae']]],
    ['ad_use_sampler', 'use separate sampler', [['sampler', 'ad_sampler']]],
  ];
  for (const [flag, flagKey, pairs] of flagged) {
    if (plain[flag] !== true) continue;
    put(flagKey, flag);
    for (const [key, field] of pairs) put(key, field);
    if (flag === 'ad_use_sampler') put('scheduler', 'ad_scheduler', plain.ad_scheduler !== 'Use same scheduler');
  }
  for (const [flag, flagKey, key, field] of [
    ['ad_use_noise_multiplier', 'use separate noise multiplier', 'noise multiplier', 'ad_noise_multiplier'],
    ['ad_use_clip_skip', 'use separate CLIP skip', 'CLIP skip', 'ad_clip_skip'],
  ] as const) {
    if (plain[flag] !== true) continue;
    put(flagKey, flag);
    put(key, field);
  }
  put('restore face', 'ad_restore_face', plain.ad_restore_face === true);
  if (plain.ad_controlnet_model !== 'None') {
    put('ControlNet model', 'ad_controlnet_model');
    put('ControlNet module', 'ad_controlnet_module', plain.ad_controlnet_module !== 'None');
    put('ControlNet weight', 'ad_controlnet_weight', plain.ad_controlnet_weight !== 1);
    put('ControlNet guidance start', 'ad_controlnet_guidance_start', plain.ad_controlnet_guidance_start !== 0);
    put('ControlNet guidance end', 'ad_controlnet_guidance_end', plain.ad_controlnet_guidance_end !== 1);
  }
  return out;
}

/** Room for one tab's keys, numbers and suffixes: at most this per field it knows. */
const FIELD_ROOM = 72;

/**
 * What ADetailer can add to every infotext of a job, from its slots as sent, before any job runs:
 * for each tab that may run (a dict whose model is not `None`), room for its known fields plus
 * the string values it was given (prompts, models), and the version. An upper bound: a tab the
 * model refuses adds nothing. Nothing is validated or printed here.
 */
export function adetailerInfotextBytes(kind: 'txt2img' | 'img2img', slots: readonly unknown[]): number {
  const enabled = typeof slots[0] === 'boolean' ? slots[0] : true;
  if (!enabled || (kind === 'img2img' && slots[1] === true)) return 0;
  let bytes = 0;
  for (const tab of slots) {
    if (tab === null || typeof tab !== 'object' || Array.isArray(tab)) continue;
    if ((tab as { ad_model?: unknown }).ad_model === 'None') continue;
    for (const [key, value] of Object.entries(tab)) {
      if (!AD_FIELD_NAMES.has(key)) continue;
      bytes += FIELD_ROOM + (typeof value === 'string' ? Buffer.byteLength(value) : 0);
    }
    // Defaults the tab did not send are written too: `ADetailer model`, confidence, dilate, blur, denoising.
    bytes += 8 * FIELD_ROOM;
  }
  return bytes === 0 ? 0 : bytes + FIELD_ROOM;
}

/**
 * The ADetailer script for one generation, given its slots after A1111 copied the request's
 * `args` over the defaults: the first bool enables it (a non-bool means enabled), the second
 * skips img2img, every dict is a tab. Invalid tabs are printed and skipped; an unknown
 * detector is printed while the image is post-processed, which leaves it untouched. It adds
 * infotext keys and no images.
 */
export function runAdetailer(ctx: WebuiContext, kind: 'txt2img' | 'img2img', slots: readonly unknown[]): ScriptEffect {
  const none: ScriptEffect = { infotext: {}, images: async () => [] };
  const enabled = typeof slots[0] === 'boolean' ? slots[0] : true;
  if (!enabled || (kind === 'img2img' && slots[1] === true)) return none;
  const dicts = slots.filter(
    (item): item is Record<string, unknown> => item !== null && typeof item === 'object' && !Array.isArray(item),
  );
  const valid: Array<Record<string, PyJson>> = [];
  dicts.forEach((tab, index) => {
    const { args, error } = validateTab(tab);
    if (args) valid.push(args);
    else
      ctx.extensions.print(`[-] ADetailer: ValidationError when validating ${ordinal(index + 1)} arguments: ${error}`);
  });
  const infotext: Record<string, PyJson> = {};
  valid.forEach((args, index) => {
    const plain = toPlain(args) as { ad_model: string; ad_tab_enable: boolean };
    if (plain.ad_model === 'None' || !plain.ad_tab_enable) return;
    Object.assign(infotext, tabInfotext(args, index === 0 ? '' : ` ${ordinal(index + 1)}`));
    if (!AD_MODELS.includes(plain.ad_model) && !plain.ad_model.startsWith('mediapipe')) {
      ctx.extensions.print(
        `[-] ADetailer: Model ${pythonRepr(plain.ad_model)} not found. ` +
          `Available models: [${AD_MODELS.map(pythonRepr).join(', ')}]`,
      );
    }
  });
  if (Object.keys(infotext).length === 0) return none;
  infotext['ADetailer version'] = ADETAILER_VERSION;
  return { infotext, images: async () => [] };
}
