import { setImmediate as nextTurn } from 'node:timers/promises';
import { httpException, pythonException } from '../../errors/index.js';
import { pyFloat, toPlain, type PyJson } from '../../python/index.js';
import { decodeImageInput } from '../../generation/image-input.js';
import { pngSize, renderPng } from '../../png/index.js';
import type { ExtensionHandlers } from '../routes.js';
import { controlNetModels } from './models.js';
import {
  CONTROL_TYPE_ALIASES,
  CONTROL_TYPES,
  findPreprocessor,
  PREPROCESSORS,
  type Preprocessor,
  type Slider,
} from './preprocessors.js';

const sliderJson = (slider: Slider): PyJson => {
  const num = (value: number) => (slider.float ? pyFloat(value) : value);
  return {
    name: slider.name,
    value: num(slider.value),
    min: num(slider.min),
    max: num(slider.max),
    step: num(slider.step),
  };
};

/**
 * `/controlnet/control_types` over a preprocessor list: sd-webui-controlnet's (labels, `none`
 * first in each type), or Forge's (its display names, `None` first; `All` still says `none`).
 */
export function controlTypes(preprocessors: readonly Preprocessor[] = PREPROCESSORS, noneLabel = 'none'): PyJson {
  const models = controlNetModels();
  const out: Record<string, PyJson> = {};
  for (const tag of CONTROL_TYPES) {
    if (tag === 'All') {
      out.All = {
        module_list: preprocessors.map((item) => (item.name === 'none' ? noneLabel : item.label)),
        model_list: ['None', ...models],
        default_option: 'none',
        default_model: 'None',
      };
      continue;
    }
    const words = [tag.toLowerCase(), ...(CONTROL_TYPE_ALIASES[tag] ?? [])];
    const modules = [
      noneLabel,
      ...preprocessors.filter((item) => item.name !== 'none' && item.tags.includes(tag)).map((item) => item.label),
    ];
    const modelList = ['None', ...models.filter((model) => words.some((word) => model.toLowerCase().includes(word)))];
    const defaultModel =
      modelList.find((model) => model !== 'None' && (model.split('[')[0] as string).includes('11')) ??
      modelList[1] ??
      'None';
    out[tag] = {
      module_list: modules,
      model_list: modelList,
      default_option: modules[1] ?? modules[0] ?? noneLabel,
      default_model: defaultModel,
    };
  }
  return { control_types: out };
}

const INPAINT_MODULES = new Set(['inpaint_only', 'inpaint_only+lama', 'inpaint']);

/** Pixels one detect or render call may produce: sizes come from the request, so they are bounded. */
const MAX_PIXELS = 64 * 1024 * 1024;

export function checkPixels(sizes: ReadonlyArray<{ width: number; height: number }>): void {
  if (sizes.reduce((sum, { width, height }) => sum + width * height, 0) > MAX_PIXELS) {
    throw pythonException('OutOfMemoryError', 'CUDA out of memory (mock webui limit)');
  }
}

/** Images one detect or render call may list: more than any UI sends, few enough to answer quickly. */
const MAX_IMAGES = 256;

/** Refuses, before anything is decoded or made, a call listing more than MAX_IMAGES images (or poses). */
export function checkImageList(count: number): void {
  if (count > MAX_IMAGES) {
    throw pythonException(
      'OutOfMemoryError',
      `CUDA out of memory (mock webui limit: ${count} images in one call, at most ${MAX_IMAGES})`,
    );
  }
}

/** Decodes each input image, letting the event loop turn after each. */
export async function decodeEach(inputs: readonly PyJson[]): Promise<Uint8Array[]> {
  const decoded: Uint8Array[] = [];
  for (const image of inputs) {
    decoded.push(decodeImageInput(image));
    await nextTurn();
  }
  return decoded;
}

/** A PNG of each size as base64, letting the event loop turn after each (a tiny image is made without yielding). */
export async function renderEach(
  sizes: ReadonlyArray<{ width: number; height: number }>,
  key: (index: number) => string,
): Promise<string[]> {
  const images: string[] = [];
  for (const [index, { width, height }] of sizes.entries()) {
    images.push(Buffer.from(await renderPng(width, height, key(index))).toString('base64'));
    await nextTurn();
  }
  return images;
}

/**
 * sd-webui-controlnet's routes (`scripts/api.py`, API version 3): no `--api-auth`, errors in
 * the webui's body. `detect` returns one synthetic map per input, `poses` for openpose modules.
 */
export const controlNetHandlers: ExtensionHandlers = {
  'GET /controlnet/version': () => ({ version: 3 }),
  'GET /controlnet/model_list': ({ request }) => (request.query(), { model_list: [...controlNetModels()] }),
  'GET /controlnet/module_list': ({ request }) => {
    const aliases = request.query().alias_names === true;
    const keys = PREPROCESSORS.map((item) => (aliases ? item.label : item.name));
    const detail = Object.fromEntries(
      PREPROCESSORS.map((item, index) => [
        keys[index] as string,
        {
          model_free: item.modelFree,
          sliders: [...(item.resolution ? [item.resolution] : []), ...item.sliders].map(sliderJson),
        },
      ]),
    );
    return { module_list: keys, module_detail: detail };
  },
  'GET /controlnet/control_types': () => controlTypes(),
  'GET /controlnet/settings': ({ ctx }) => ({
    control_net_unit_count: (ctx.options.get('control_net_unit_count') ?? 3) as PyJson,
  }),
  'POST /controlnet/detect': async ({ request }) => {
    const body = toPlain(await request.body()) as {
      controlnet_module: string | null;
      controlnet_input_images: string[] | null;
      controlnet_masks: string[] | null;
    };
    const module = body.controlnet_module ?? 'none';
    const preprocessor = findPreprocessor(module);
    if (preprocessor === undefined) throw httpException(422, 'Module not available');
    if (['clip_vision', 'revision_clipvision', 'revision_ignore_prompt', 'ip-adapter-auto'].includes(module))
      throw httpException(422, 'Module not supported');
    const inputs = body.controlnet_input_images ?? [];
    if (inputs.length === 0) throw httpException(422, 'No image selected');
    if (INPAINT_MODULES.has(preprocessor.name) && (body.controlnet_masks ?? []).length !== inputs.length) {
      throw httpException(422, `Preprocessor ${module} requires \`controlnet_masks\` param.`);
    }
    checkImageList(inputs.length);
    const decoded = await decodeEach(inputs);
    const sizes = decoded.map((bytes) => pngSize(bytes) ?? { width: 512, height: 512 });
    checkPixels(sizes);
    const out: Record<string, PyJson> = { info: 'Success' };
    if (preprocessor.name.includes('openpose')) {
      out.poses = openposeResults(sizes);
    }
    if (preprocessor.tensor)
      out.tensor = decoded.map(() => Buffer.from(`mock torch.save blob: ${preprocessor.name}`).toString('base64'));
    else out.images = await renderEach(sizes, (index) => `detect|${module}|${decoded[index]?.length}|${index}`);
    return out;
  },
  'POST /controlnet/render_openpose_json': async ({ request }) => {
    const body = await request.body();
    const poses = (Array.isArray(body) ? body : []) as Array<{ canvas_width?: number; canvas_height?: number }>;
    if (poses.length === 0) return { info: 'No pose data detected.' };
    checkImageList(poses.length);
    const sizes = poses.map((pose) => ({
      width: Math.min(4096, Math.max(1, Number(pose.canvas_width) || 512)),
      height: Math.min(4096, Math.max(1, Number(pose.canvas_height) || 512)),
    }));
    checkPixels(sizes);
    return { images: await renderEach(sizes, (index) => `openpose|${index}`), info: 'Success' };
  },
};

/** The OpenPose JSON both ControlNet flavours answer an openpose detection with: one person per image. */
export function openposeResults(sizes: ReadonlyArray<{ width: number; height: number }>): PyJson {
  return sizes.map(({ width, height }) => ({
    people: [
      {
        pose_keypoints_2d: [width / 2, height / 4, 1.0].map(pyFloat),
        face_keypoints_2d: null,
        hand_left_keypoints_2d: null,
        hand_right_keypoints_2d: null,
      },
    ],
    animals: [],
    canvas_height: height,
    canvas_width: width,
  }));
}
