/**
 * The routes ControlNet and ADetailer add (`/controlnet/*`, `/adetailer/v1/*`), through the one
 * request loop, typed from the extensions' own documents (Forge's built-in ControlNet serves
 * the same four). A route the server lacks is a `NotFoundError` that names the extension.
 */
import { call, type CallOptions } from '../core/call.js';
import type { ClientContext } from './context.js';
import { BadResponseError, NotFoundError } from '../core/errors.js';
import type { components } from '../generated/a1111-1.10.controlnet.js';
import { toImageField, type ImageInput } from '../images/input.js';
import { decodeImage, type GeneratedImage } from '../images/output.js';
import type { OperationKey } from '../operations/index.js';

type ControlNetSchemas = components['schemas'];

/** Parameters of `client.controlNet.detect`: the preprocessor and its inputs. */
export interface ControlNetDetectParams {
  /** Preprocessor name or label (`canny`; Forge: display names, `None` for none). */
  module: string;
  /** The images to preprocess. */
  images: readonly ImageInput[];
  /** One mask per image (inpaint preprocessors; ignored by Forge). */
  masks?: readonly ImageInput[];
  /** Preprocessor resolution (default -1: the preprocessor's default; Forge: 512). */
  processorRes?: number;
  /** Preprocessor slider 1 (default -1: its default). */
  thresholdA?: number;
  /** Preprocessor slider 2 (default -1: its default). */
  thresholdB?: number;
  /** Low VRAM mode (ignored by Forge). */
  lowVram?: boolean;
}

export interface ControlNetDetectResult {
  /** The detected maps, decoded, one per input image. Non-image results (Forge) are left out. */
  images: GeneratedImage[];
  /** `Success`, or why nothing was detected. */
  info: string;
  /** OpenPose preprocessors only: the poses found, one per input. */
  poses: ControlNetSchemas['ControlNetPose'][];
}

/** Runs `send`; a 404 becomes an error that names the extension, and the fork when it is not A1111. */
async function extensionCall<T>(
  ctx: ClientContext,
  extension: string,
  operation: OperationKey,
  send: () => Promise<T>,
): Promise<T> {
  try {
    return await send();
  } catch (error) {
    if (!(error instanceof NotFoundError) || error.status !== 404) throw error;
    // The fork only when already known or detectable: the message must not fail for another reason.
    const fork = await ctx.features.get().then(
      (features) => features.fork,
      () => 'unknown' as const,
    );
    const which = fork === 'sdnext' ? " (this server is SD.Next, whose extension API differs from A1111's)" : '';
    throw new NotFoundError(
      `${operation}: the server does not serve it; is ${extension} installed?${which}`,
      404,
      null,
      operation,
    );
  }
}

/** ControlNet model names (`name [hash]`); Forge lists `None` first. */
export async function controlNetModels(ctx: ClientContext, options?: CallOptions): Promise<string[]> {
  const data = await extensionCall(ctx, 'ControlNet', 'GET /controlnet/model_list', () =>
    call(ctx, 'GET /controlnet/model_list', {}, options),
  );
  return data.model_list;
}

/** Preprocessor names, and per preprocessor its sliders (absent on Forge). */
export function controlNetModules(ctx: ClientContext, options?: CallOptions) {
  return extensionCall(ctx, 'ControlNet', 'GET /controlnet/module_list', () =>
    call(ctx, 'GET /controlnet/module_list', {}, options),
  );
}

/** Control types (`Canny`, `Depth`, …) with their preprocessors, models and defaults. */
export async function controlNetControlTypes(
  ctx: ClientContext,
  options?: CallOptions,
): Promise<Record<string, ControlNetSchemas['ControlNetControlType']>> {
  const data = await extensionCall(ctx, 'ControlNet', 'GET /controlnet/control_types', () =>
    call(ctx, 'GET /controlnet/control_types', {}, options),
  );
  return data.control_types;
}

/** Runs a preprocessor on images and returns the detected maps, decoded. */
export async function controlNetDetect(
  ctx: ClientContext,
  params: ControlNetDetectParams,
  options?: CallOptions,
): Promise<ControlNetDetectResult> {
  const body: ControlNetSchemas['Body_detect_controlnet_detect_post'] = {
    controlnet_module: params.module,
    controlnet_input_images: await Promise.all(params.images.map(toImageField)),
    ...(params.masks !== undefined ? { controlnet_masks: await Promise.all(params.masks.map(toImageField)) } : {}),
    ...(params.processorRes !== undefined ? { controlnet_processor_res: params.processorRes } : {}),
    ...(params.thresholdA !== undefined ? { controlnet_threshold_a: params.thresholdA } : {}),
    ...(params.thresholdB !== undefined ? { controlnet_threshold_b: params.thresholdB } : {}),
    ...(params.lowVram !== undefined ? { low_vram: params.lowVram } : {}),
  };
  const data = await extensionCall(ctx, 'ControlNet', 'POST /controlnet/detect', () =>
    call(ctx, 'POST /controlnet/detect', { body }, options),
  );
  // One result per input image: more is not an answer to this request, and is refused before decoding.
  if ((data.images ?? []).length > params.images.length)
    throw new BadResponseError('POST /controlnet/detect', 200, `more images than the ${params.images.length} sent`);
  // Forge puts the string "Detect result is not image" where a preprocessor returns no image.
  const images = (data.images ?? [])
    .map((image) => decodeImage(image, undefined, undefined))
    .filter((image) => image !== undefined);
  return { images, info: data.info, poses: data.poses ?? [] };
}

/** ADetailer's detectors (`face_yolov8n.pt`, …), the values of `ad_model`. */
export async function adetailerModels(ctx: ClientContext, options?: CallOptions): Promise<string[]> {
  const data = await extensionCall(ctx, 'ADetailer', 'GET /adetailer/v1/ad_model', () =>
    call(ctx, 'GET /adetailer/v1/ad_model', {}, options),
  );
  return data.ad_model;
}
