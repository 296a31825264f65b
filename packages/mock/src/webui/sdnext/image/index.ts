import { exifUserComment } from '../../png/exif.js';
import { renderPng } from '../../png/index.js';
import { renderJpeg } from '../../png/jpeg.js';
import type { SdnextContext } from '../context.js';

/**
 * `helpers.encode_pil_to_base64`: the image in the global `samples_format` (a request's own
 * `samples_format` or `override_settings` never reach it). `png` writes every `image.info` entry as a
 * text chunk (a `parameters` chunk for outputs, none for previews); `jpg` (the default) writes the
 * infotext as EXIF UserComment, an empty one when there is none. The mock has no WebP, TIFF, JPEG 2000
 * or JPEG XL encoder: those formats come out as JPEG.
 */
export async function encodeSdnextImage(
  ctx: SdnextContext,
  width: number,
  height: number,
  key: string,
  parameters: string | null,
): Promise<string> {
  const format = String(ctx.options.get('samples_format'));
  const bytes =
    format === 'png'
      ? await renderPng(width, height, key, parameters === null ? {} : { parameters })
      : await renderJpeg(width, height, key, exifUserComment(parameters ?? ''));
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}
