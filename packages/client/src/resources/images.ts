import type { Infotext } from '@sdwebui/infotext';
import { readPngParameters } from '@sdwebui/infotext';
import type { ClientContext } from '../core/context.js';
import { callApi, type CallOptions } from '../core/request.js';
import type { components } from '../generated/a1111-1.10.js';
import { decodeImage, type GeneratedImage } from '../images/output.js';
import { toImageBytes, toImageField, type ImageInput } from '../images/input.js';

type Schemas = components['schemas'];

export interface PngInfoResult {
  /** The raw infotext (`parameters` chunk), or undefined when the image has none. */
  infotext: string | undefined;
  /** The infotext parsed; undefined when there is none. */
  parameters: Infotext | undefined;
}

/**
 * Reads an image's generation parameters locally, from its bytes: no server needed, works in
 * browsers. Pass the original file: re-encoded images lose the chunk.
 */
export async function readImageInfo(image: ImageInput): Promise<PngInfoResult> {
  const infotext = readPngParameters(await toImageBytes(image));
  return { infotext, parameters: await parse(infotext) };
}

/** The parser is loaded on first use: apps that never read infotexts do not ship it. */
async function parse(infotext: string | undefined): Promise<Infotext | undefined> {
  if (infotext === undefined) return undefined;
  const { parseInfotext } = await import('@sdwebui/infotext');
  return parseInfotext(infotext);
}

/** The server's png-info (also understands JPEG/WebP EXIF and other formats the webui reads). */
export async function serverPngInfo(ctx: ClientContext, image: ImageInput, options?: CallOptions): Promise<PngInfoResult & { items: Record<string, unknown> }> {
  const body = { image: await toImageField(image) };
  const result = await callApi(ctx.settings, 'POST /sdapi/v1/png-info', (signal) => ctx.raw.POST('/sdapi/v1/png-info', { body, signal }), { ...options, idempotent: true });
  const infotext = result.info || undefined;
  return { infotext, parameters: await parse(infotext), items: (result.items ?? {}) as Record<string, unknown> };
}

export async function interrogate(ctx: ClientContext, image: ImageInput, model: 'clip' | 'deepdanbooru' = 'clip', options?: CallOptions): Promise<string> {
  const body = { image: await toImageField(image), model };
  const result = await callApi(ctx.settings, 'POST /sdapi/v1/interrogate', (signal) => ctx.raw.POST('/sdapi/v1/interrogate', { body, signal }), { ...options, idempotent: false });
  return result.caption;
}

export type UpscaleParams = Omit<Schemas['ExtrasSingleImageRequest'], 'image'>;

export interface UpscaleResult {
  image: GeneratedImage;
  /** The webui's HTML summary (`<p>Postprocess upscale by: 2, …</p>`). */
  htmlInfo: string;
}

/** Extras on one image (upscale, face restoration). The output keeps the source's infotext. */
export async function upscale(ctx: ClientContext, image: ImageInput, params: UpscaleParams = {}, options?: CallOptions): Promise<UpscaleResult> {
  const body = { ...params, image: await toImageField(image) };
  const result = await callApi(ctx.settings, 'POST /sdapi/v1/extra-single-image', (signal) => ctx.raw.POST('/sdapi/v1/extra-single-image', { body, signal }), {
    ...options,
    idempotent: false,
  });
  return { image: decodeImage(result.image ?? '', undefined, undefined), htmlInfo: result.html_info ?? '' };
}

/** Extras on several images at once. */
export async function upscaleBatch(ctx: ClientContext, images: Array<{ image: ImageInput; name?: string }>, params: UpscaleParams = {}, options?: CallOptions) {
  const imageList = await Promise.all(images.map(async ({ image, name }, index) => ({ data: await toImageField(image), name: name ?? `image-${index}.png` })));
  const result = await callApi(
    ctx.settings,
    'POST /sdapi/v1/extra-batch-images',
    (signal) => ctx.raw.POST('/sdapi/v1/extra-batch-images', { body: { ...params, imageList }, signal }),
    { ...options, idempotent: false },
  );
  return { images: (result.images ?? []).map((image) => decodeImage(image, undefined, undefined)), htmlInfo: result.html_info ?? '' };
}
