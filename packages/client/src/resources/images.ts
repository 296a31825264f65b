import type { Infotext } from '@sdwebui/infotext';
import { readImageParameters } from '@sdwebui/infotext';
import { call, type CallOptions } from '../core/call.js';
import type { ClientContext } from './context.js';
import { BadResponseError, UnsupportedError } from '../core/errors.js';
import type { components } from '../generated/a1111-1.10.js';
import { decodeImage, type GeneratedImage } from '../images/output.js';
import { toImageBytes, toImageField, type ImageInput } from '../images/input.js';

type Schemas = components['schemas'];

export interface PngInfoResult {
  /** The raw infotext (a PNG's `parameters` chunk, a JPEG's EXIF UserComment), or undefined when the image has none. */
  infotext: string | undefined;
  /** The infotext parsed; undefined when there is none. */
  parameters: Infotext | undefined;
}

/**
 * Reads an image's generation parameters locally, from its bytes: a PNG's `parameters` chunk or a
 * JPEG's EXIF UserComment (SD.Next's default output). No server needed, works in browsers. Pass the
 * original file: re-encoded images lose it.
 */
export async function readImageInfo(image: ImageInput): Promise<PngInfoResult> {
  const infotext = readImageParameters(await toImageBytes(image));
  return { infotext, parameters: await parse(infotext) };
}

/** The parser is loaded on first use: apps that never read infotexts do not ship it. */
async function parse(infotext: string | undefined): Promise<Infotext | undefined> {
  if (infotext === undefined) return undefined;
  const { parseInfotext } = await import('@sdwebui/infotext');
  return parseInfotext(infotext);
}

/** The server's png-info (also understands JPEG/WebP EXIF and other formats the webui reads). */
export async function serverPngInfo(ctx: ClientContext, image: ImageInput, options?: CallOptions) {
  const result = await call(ctx, 'POST /sdapi/v1/png-info', { body: { image: await toImageField(image) } }, options);
  const infotext = result.info || undefined;
  return { infotext, parameters: await parse(infotext), items: (result.items ?? {}) as Record<string, unknown> };
}

export async function interrogate(
  ctx: ClientContext,
  image: ImageInput,
  model: 'clip' | 'deepdanbooru',
  options?: CallOptions,
): Promise<string> {
  if ((await ctx.features.get()).fork === 'sdnext') {
    throw new UnsupportedError(
      'SD.Next has no /sdapi/v1/interrogate: it captions with POST /sdapi/v1/caption (backend "openclip", ' +
        '"tagger" or "vlm"; also /sdapi/v1/openclip, /tagger, /vqa): call it through client.raw of a client created with target: "sdnext"',
      'sdnext',
    );
  }
  const result = await call(
    ctx,
    'POST /sdapi/v1/interrogate',
    { body: { image: await toImageField(image), model } },
    options,
  );
  return result.caption;
}

export type UpscaleParams = Omit<Schemas['ExtrasSingleImageRequest'], 'image'>;

/** Options of `upscale` and `upscaleBatch`. */
export interface UpscaleOptions extends CallOptions {
  /** Check `upscaler_1`/`upscaler_2` against the server's list first (default: the client's `checkNames`). */
  checkNames?: boolean;
}

export interface UpscaleResult {
  image: GeneratedImage;
  /** The webui's HTML summary (`<p>Postprocess upscale by: 2, …</p>`). */
  htmlInfo: string;
}

async function checkUpscalers(ctx: ClientContext, params: UpscaleParams, options: UpscaleOptions | undefined) {
  if (!(options?.checkNames ?? ctx.names.enabled)) return;
  const names = [params.upscaler_1, params.upscaler_2].filter(
    (name): name is string => typeof name === 'string' && name !== '',
  );
  await Promise.all(names.map((name) => ctx.names.check('upscaler', name)));
}

function decodeOutput(operation: string, image: unknown, index = 0): GeneratedImage {
  const decoded = decodeImage(image, undefined, undefined);
  if (decoded === undefined) throw new BadResponseError(operation, 200, `image ${index} is not a base64 image`);
  return decoded;
}

/** Extras on one image (upscale, face restoration). The output keeps the source's infotext. */
export async function upscale(
  ctx: ClientContext,
  image: ImageInput,
  params: UpscaleParams = {},
  options?: UpscaleOptions,
): Promise<UpscaleResult> {
  await checkUpscalers(ctx, params, options);
  const operation = 'POST /sdapi/v1/extra-single-image';
  const result = await call(ctx, operation, { body: { ...params, image: await toImageField(image) } }, options);
  return { image: decodeOutput(operation, result.image), htmlInfo: result.html_info ?? '' };
}

/** Extras on several images at once. */
export async function upscaleBatch(
  ctx: ClientContext,
  images: Array<{ image: ImageInput; name?: string }>,
  params: UpscaleParams = {},
  options?: UpscaleOptions,
) {
  await checkUpscalers(ctx, params, options);
  const imageList = await Promise.all(
    images.map(async ({ image, name }, index) => ({
      data: await toImageField(image),
      name: name ?? `image-${index}.png`,
    })),
  );
  const operation = 'POST /sdapi/v1/extra-batch-images';
  const result = await call(ctx, operation, { body: { ...params, imageList } }, options);
  // One output per input image: more is not an answer to this request, and is refused before decoding.
  if ((result.images ?? []).length > imageList.length)
    throw new BadResponseError(operation, 200, `more images than the ${imageList.length} sent`);
  return {
    images: (result.images ?? []).map((item, index) => decodeOutput(operation, item, index)),
    htmlInfo: result.html_info ?? '',
  };
}
