import { createHash } from 'node:crypto';
import { pyFloat, pythonStr, type PyJson } from '../../python/index.js';
import { basenameOf } from '../../catalogue/index.js';
import type { WebuiContext } from '../../generation/context.js';
import { decodeImageInput } from '../../generation/image-input.js';
import type { GenerationPlan } from '../../generation/plan.js';
import type { GenerationRequest } from '../../generation/request.js';
import { renderPng } from '../../png/index.js';
import { pydanticErrorText } from '../pydantic-error.js';
import type { ScriptEffect } from '../script-effect.js';
import { controlNetModels, findControlNetModel, guessSdVersion } from './models.js';
import { controlNetFlavour } from './flavour.js';
import { runForgeControlNet } from './forge.js';
import { HIDDEN_SLIDER, type Slider } from './preprocessors.js';
import { parseUnit, UnitValidationError, type ControlNetUnit } from './units.js';

const SCRIPT_FILE = '/mock/stable-diffusion-webui/extensions/sd-webui-controlnet/scripts/controlnet.py';

/** Out-of-range slider values (the API's -1 included) take the preprocessor's default, keeping its Python type. */
function bounded(value: PyJson, slider: Slider): PyJson {
  const number = typeof value === 'number' ? value : pythonStr(value) === 'None' ? NaN : Number(pythonStr(value));
  if (number >= slider.min && number <= slider.max) return value;
  return slider.float ? pyFloat(slider.value) : slider.value;
}

function boundedUnit(unit: ControlNetUnit): ControlNetUnit {
  const { preprocessor } = unit;
  const resolution =
    preprocessor.resolution ??
    (preprocessor.name === 'shuffle' ? { ...HIDDEN_SLIDER, value: 512, float: false, max: 2048 } : HIDDEN_SLIDER);
  return {
    ...unit,
    processor_res: bounded(unit.processor_res, resolution),
    threshold_a: bounded(unit.threshold_a, preprocessor.sliders[0] ?? HIDDEN_SLIDER),
    threshold_b: bounded(unit.threshold_b, preprocessor.sliders[1] ?? HIDDEN_SLIDER),
  };
}

/** The 11-field infotext value of one unit (`args.py`); a value holding `,` or `:` blanks the whole entry. */
function unitInfotext(unit: ControlNetUnit): string {
  const fields: Array<[string, PyJson]> = [
    ['Module', unit.module],
    ['Model', unit.model],
    ['Weight', unit.weight],
    ['Resize Mode', unit.resize_mode],
    ['Processor Res', unit.processor_res],
    ['Threshold A', unit.threshold_a],
    ['Threshold B', unit.threshold_b],
    ['Guidance Start', unit.guidance_start],
    ['Guidance End', unit.guidance_end],
    ['Pixel Perfect', unit.pixel_perfect],
    ['Control Mode', unit.control_mode],
  ];
  const values = fields.map(([, value]) => pythonStr(value));
  if (values.some((value) => value.includes(',') || value.includes(':'))) return '';
  return fields.map(([key], index) => `${key}: ${values[index]}`).join(', ');
}

/** Checks what `controlnet_main_entry` loads (model, base model, input image); throws the extension's error text. */
function loadUnit(ctx: WebuiContext, kind: string, request: GenerationRequest, unit: ControlNetUnit): Uint8Array {
  if (!unit.preprocessor.modelFree) {
    if (unit.model === 'None' || unit.model === '')
      throw new Error('RuntimeError: You have not selected any ControlNet Model.');
    const found = findControlNetModel(controlNetModels(), unit.model);
    if (found === undefined) throw new Error(`RuntimeError: model not found: ${unit.model}`);
    const modelVersion = guessSdVersion(found);
    const sdVersion = basenameOf(ctx.options.checkpoint).toLowerCase().includes('xl') ? 'SDXL' : 'SD1x';
    if (modelVersion !== 'Unknown' && modelVersion !== sdVersion) {
      throw new Error(
        `Exception: ControlNet model ${found}(StableDiffusionVersion.${modelVersion}) ` +
          `is not compatible with sd model(StableDiffusionVersion.${sdVersion})`,
      );
    }
  }
  let image = unit.image;
  if (image !== null && typeof image === 'object' && !Array.isArray(image))
    image = (image as { image?: unknown }).image;
  if (Array.isArray(image))
    image = image.length === 2 && image.every((item) => typeof item === 'string') ? image[0] : undefined;
  if (image === null && kind === 'img2img') image = request.init_images?.[0];
  if (image === null) throw new Error('ValueError: controlnet is enabled but no input image is given');
  try {
    return decodeImageInput(image as PyJson);
  } catch {
    throw new Error('Exception: Invalid encoded image');
  }
}

/** One unit's infotext entry besides its module and model: keys and numbers (`unitInfotext`). */
const UNIT_ROOM = 400;

/** False for what pydantic v1 reads as `False` (`false`, `0`, `"no"`, `"off"`, …); anything else may enable a unit. */
const maybeTrue = (value: unknown): boolean =>
  !(
    value === false ||
    value === 0 ||
    value === null ||
    ['0', 'false', 'f', 'n', 'no', 'off'].includes(String(value).toLowerCase())
  );

/**
 * What ControlNet can add to every job, from its unit slots as sent, before any job runs: the
 * infotext bytes of the units that may be enabled (their module and model strings, room for the
 * rest), and how many detected maps each pass of a job returns. An upper bound: a unit the
 * extension refuses adds nothing. Nothing is validated or printed here.
 */
export function controlNetShare(
  ctx: WebuiContext,
  args: readonly unknown[],
): { infotext: number; mapsPerPass: number } {
  const noMaps = ctx.options.get('control_net_no_detectmap') === true;
  // Forge's built-in units are enabled unless they say otherwise (EXTENSIONS.md §3.10).
  const enabledByDefault = controlNetFlavour(ctx.profile).api === 'forge';
  let infotext = 0;
  let mapsPerPass = 0;
  for (const unit of args) {
    if (unit === null || typeof unit !== 'object' || Array.isArray(unit)) continue;
    const { enabled, module, model, save_detected_map } = unit as Record<string, unknown>;
    if (!(enabled === undefined ? enabledByDefault : maybeTrue(enabled))) continue;
    infotext += UNIT_ROOM;
    for (const text of [module, model]) if (typeof text === 'string') infotext += Buffer.byteLength(text);
    if (!noMaps && (save_detected_map === undefined || maybeTrue(save_detected_map))) mapsPerPass++;
  }
  return { infotext, mapsPerPass };
}

/**
 * The ControlNet script for one generation, given its `args` after A1111 copied them into the
 * unit slots. Errors never reach the client: like the webui's script runner, they are printed
 * and the image is made without ControlNet (parse errors also drop the infotext entries).
 */
export function runControlNet(
  ctx: WebuiContext,
  kind: 'txt2img' | 'img2img',
  request: GenerationRequest,
  plan: GenerationPlan,
  args: readonly unknown[],
): ScriptEffect {
  // Forge's built-in ControlNet is a different program (a dataclass, no validation): see forge.ts.
  if (controlNetFlavour(ctx.profile).api === 'forge') return runForgeControlNet(ctx, kind, request, plan, args);
  const fail = (text: string): void => {
    ctx.extensions.print(`Error running process: ${SCRIPT_FILE}`);
    ctx.extensions.print(text);
  };
  let units: ControlNetUnit[];
  try {
    units = args
      .filter(
        (item): item is Record<string, unknown> => item !== null && typeof item === 'object' && !Array.isArray(item),
      )
      .map((item) => parseUnit(item));
  } catch (error) {
    if (!(error instanceof UnitValidationError)) throw error;
    fail(`pydantic.error_wrappers.ValidationError: ${pydanticErrorText('ControlNetUnit', error.issues)}`);
    return { infotext: {}, images: async () => [] };
  }
  const enabled = units.filter((unit) => unit.enabled).map(boundedUnit);
  const infotext = Object.fromEntries(enabled.map((unit, index) => [`ControlNet ${index}`, unitInfotext(unit)]));
  let inputs: Uint8Array[];
  try {
    inputs = enabled.map((unit) => loadUnit(ctx, kind, request, unit));
  } catch (error) {
    fail((error as Error).message);
    return { infotext, images: async () => [] };
  }
  return {
    infotext,
    images: async () => {
      if (ctx.options.get('control_net_no_detectmap') === true) return [];
      const maps: Uint8Array[] = [];
      for (const [index, unit] of enabled.entries()) {
        if (!unit.save_detected_map) continue;
        const key = `controlnet|${unit.module}|${createHash('sha256')
          .update(inputs[index] as Uint8Array)
          .digest('hex')}`;
        const sizes: Array<[number, number]> = [];
        if (plan.hires && unit.hr_option !== 'Low res only') sizes.push([plan.outWidth, plan.outHeight]);
        if (!plan.hires || unit.hr_option !== 'High res only') sizes.push([plan.width, plan.height]);
        for (const [width, height] of sizes) maps.push(await renderPng(width, height, `${key}|${width}x${height}`));
      }
      return maps;
    },
  };
}
