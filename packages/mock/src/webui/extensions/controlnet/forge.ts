import { createHash } from 'node:crypto';
import { PyFloat, pythonStr, type PyJson } from '../../python/index.js';
import type { WebuiContext } from '../../generation/context.js';
import { decodeImageInput } from '../../generation/image-input.js';
import type { GenerationPlan } from '../../generation/plan.js';
import type { GenerationRequest } from '../../generation/request.js';
import { renderPng } from '../../png/index.js';
import type { ScriptEffect } from '../script-effect.js';
import { FORGE_CONTROLNET } from './flavour.js';
import { controlNetModels, findControlNetModel } from './models.js';

const SCRIPT_FILE = '/mock/stable-diffusion-webui-forge/extensions-builtin/sd_forge_controlnet/scripts/controlnet.py';

/** A Python enum member's `str()`, what Forge's infotext prints for a default left unsent. */
const enumText = (name: string) => ({ enumText: name });
type Value = PyJson | { enumText: string } | Uint8Array;

/**
 * Forge's `ControlNetUnit` (`lib_controlnet/external_code.py`): a plain dataclass. `from_dict` keeps
 * the keys that are class attributes (so `mask`, `low_vram` and other sd-webui-controlnet keys are
 * dropped), validates nothing, and decodes `image` and `mask_image` when they are strings.
 */
const FIELDS: Record<string, Value> = {
  input_mode: enumText('InputMode.SIMPLE'),
  use_preview_as_input: false,
  batch_image_dir: '',
  batch_mask_dir: '',
  batch_input_gallery: null,
  batch_mask_gallery: null,
  generated_image: null,
  mask_image: null,
  mask_image_fg: null,
  hr_option: enumText('HiResFixOption.BOTH'),
  enabled: true,
  module: 'None',
  model: 'None',
  weight: new PyFloat(1),
  image: null,
  image_fg: null,
  resize_mode: enumText('ResizeMode.INNER_FIT'),
  processor_res: -1,
  threshold_a: -1,
  threshold_b: -1,
  guidance_start: new PyFloat(0),
  guidance_end: new PyFloat(1),
  pixel_perfect: false,
  control_mode: enumText('ControlMode.BALANCED'),
  save_detected_map: true,
};
const INFOTEXT_FIELDS = ['module', 'model', 'weight', 'resize_mode', 'processor_res', 'threshold_a', 'threshold_b'];
const INFOTEXT_TAIL = ['guidance_start', 'guidance_end', 'pixel_perfect', 'control_mode', 'hr_option'];

type Unit = Record<string, Value>;

/** A script error the webui's script runner catches: printed, the image made without ControlNet. */
class Skipped extends Error {}

const truthy = (value: Value) =>
  !(
    value === null ||
    value === false ||
    value === 0 ||
    value === '' ||
    (value instanceof PyFloat && value.value === 0)
  );
const plain = (value: Value) => (value instanceof PyFloat ? value.value : value);
const isEnum = (value: Value): value is { enumText: string } =>
  value !== null && typeof value === 'object' && 'enumText' in value;

/** `str(value)` as Python prints it in the infotext. */
function str(value: Value): string {
  if (isEnum(value)) return value.enumText;
  if (value instanceof Uint8Array) return 'array(…)';
  if (Array.isArray(value) || (value !== null && typeof value === 'object' && !(value instanceof PyFloat)))
    return JSON.stringify(value);
  return pythonStr(value as PyJson);
}

function fromDict(input: Record<string, unknown>): Unit {
  const unit: Unit = { ...FIELDS };
  for (const [key, value] of Object.entries(input)) if (key in FIELDS) unit[key] = value as Value;
  for (const key of ['image', 'mask_image']) {
    if (typeof unit[key] !== 'string') continue;
    try {
      unit[key] = decodeImageInput(unit[key] as string);
    } catch {
      throw new Skipped('fastapi.exceptions.HTTPException: 500: Invalid encoded image');
    }
  }
  return unit;
}

/** `serialize_unit`: the infotext fields that are not -1, `str()` of each; any `,` or `:` blanks the entry. */
function serialize(unit: Unit): string {
  const fields = [...INFOTEXT_FIELDS, ...INFOTEXT_TAIL].filter((field) => plain(unit[field] as Value) !== -1);
  const values = fields.map((field) => str(unit[field] as Value));
  if (values.some((value) => value.includes(',') || value.includes(':'))) return '';
  const label = (field: string) =>
    field.replace(/(^|_)(\w)/g, (_m, sep: string, c: string) => (sep ? ' ' : '') + c.toUpperCase());
  return fields.map((field, index) => `${label(field)}: ${values[index]}`).join(', ');
}

/**
 * Forge's built-in ControlNet for one generation (`scripts/controlnet.py`, EXTENSIONS.md §3.10): units
 * built as `from_dict` builds them, the enabled ones written to the infotext first, then each
 * processed in turn; the first failure (an unknown or lower-case `none` module, no image, no model)
 * stops the rest and is swallowed by the script runner, the infotext already written. Detected maps
 * follow `save_detected_map` and `hr_option` (low-res, then high-res) and ignore `control_net_no_detectmap`.
 */
export function runForgeControlNet(
  ctx: WebuiContext,
  kind: 'txt2img' | 'img2img',
  request: GenerationRequest,
  plan: GenerationPlan,
  args: readonly unknown[],
): ScriptEffect {
  const fail = (message: string) => {
    ctx.extensions.print(`Error running process: ${SCRIPT_FILE}`);
    ctx.extensions.print(message);
  };
  let units: Unit[];
  try {
    if (!args.every((item) => item !== null && typeof item === 'object' && !Array.isArray(item)))
      throw new Skipped('AssertionError');
    units = (args as Array<Record<string, unknown>>).map(fromDict).filter((unit) => truthy(unit.enabled as Value));
  } catch (error) {
    if (!(error instanceof Skipped)) throw error;
    fail(error.message);
    return { infotext: {}, images: async () => [] };
  }
  const infotext = Object.fromEntries(units.map((unit, index) => [`ControlNet ${index}`, serialize(unit)]));
  const maps: DetectedMap[] = [];
  try {
    for (const unit of units) processUnit(kind, request, plan, unit, (map) => maps.push(map));
  } catch (error) {
    if (!(error instanceof Skipped)) throw error;
    fail(error.message);
  }
  return {
    infotext,
    images: async () => {
      const images: Uint8Array[] = [];
      for (const { key, sizes } of maps)
        for (const [width, height] of sizes) images.push(await renderPng(width, height, `${key}|${width}x${height}`));
      return images;
    },
  };
}

type DetectedMap = { key: string; sizes: Array<[number, number]> };

/** One unit's bound check, input and model, attaching its maps as preprocessing does; throws `Skipped`. */
function processUnit(
  kind: 'txt2img' | 'img2img',
  request: GenerationRequest,
  plan: GenerationPlan,
  unit: Unit,
  attach: (map: DetectedMap) => void,
): void {
  const module = unit.module;
  const preprocessor = typeof module === 'string' ? FORGE_CONTROLNET.findModule(module) : undefined;
  if (preprocessor === undefined) {
    // `get_preprocessor` gives None: the bound check reads its slider (when a value is -1), else the input step.
    const negative = [unit.processor_res, unit.threshold_a, unit.threshold_b].some(
      (value) => (plain(value as Value) as number) < 0,
    );
    const attribute = negative ? 'slider_resolution' : 'corp_image_with_a1111_mask_when_in_img2img_inpaint_tab';
    throw new Skipped(`AttributeError: 'NoneType' object has no attribute '${attribute}'`);
  }
  let image = unit.image instanceof Uint8Array ? unit.image : undefined;
  if (unit.image === null && kind === 'img2img') image = decodeImageInput((request.init_images?.[0] ?? null) as PyJson);
  if (image === undefined) throw new Skipped('ValueError: controlnet is enabled but no input image is given');
  const option = str(unit.hr_option as Value);
  const hires = Boolean(plan.hires);
  const sizes: Array<[number, number]> = [];
  if (!hires || !/high res only|HIGH_RES_ONLY|^2$/i.test(option)) sizes.push([plan.width, plan.height]);
  if (hires && !/low res only|LOW_RES_ONLY|^1$/i.test(option)) sizes.push([plan.outWidth, plan.outHeight]);
  if (truthy(unit.save_detected_map as Value)) {
    const key = `controlnet|${String(module)}|${createHash('sha256').update(image).digest('hex')}`;
    attach({ key, sizes });
    if (unit.mask_image instanceof Uint8Array) attach({ key: `${key}|mask`, sizes });
  }
  // The maps are attached while preprocessing, before the model is asserted.
  if (preprocessor.modelFree) return;
  if (unit.model === 'None') throw new Skipped('AssertionError: You have not selected any control model!');
  if (findControlNetModel(controlNetModels(), String(unit.model)) === undefined)
    throw new Skipped(`AssertionError: Recognizing Control Model failed: ${String(unit.model)}`);
}
