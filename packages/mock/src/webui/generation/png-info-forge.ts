import { pythonException } from '../errors/index.js';
import { pilImageInfo } from '../png/image-info.js';
import { pilLoadError, pngBeforeIdat } from '../png/pil-open.js';
import type { PyJson } from '../python/index.js';
import type { WebuiContext } from './context.js';
import { forgeInfotextParameters } from './forge-infotext.js';

/** `images.IGNORED_INFO_KEYS`: metadata png-info does not list. */
const IGNORED_INFO_KEYS = new Set([
  'jfif',
  'jfif_version',
  'jfif_unit',
  'jfif_density',
  'dpi',
  'exif',
  'loop',
  'background',
  'timestamp',
  'duration',
  'progressive',
  'progression',
  'icc_profile',
  'chromaticity',
  'photoshop',
]);

/**
 * `stealth_infotext.read_info_from_image_stealth`, which Forge runs on every image without an
 * infotext: it loads the pixels (a truncated PNG is Pillow's OSError) and unpacks each as
 * `r, g, b[, a]`, which fails for single-channel modes (L, P: GIF, grayscale or palette PNG),
 * two-channel LA and four-channel CMYK. RGB(A) pixels of the mock's images carry no stealth
 * signature, so they give no infotext.
 */
async function readStealthInfotext(mode: string, bytes: Uint8Array): Promise<undefined> {
  const loadError = await pilLoadError(bytes);
  if (loadError !== undefined) throw pythonException('OSError', loadError);
  if (mode === 'RGB' || mode === 'RGBA') return undefined;
  if (mode === 'LA' || mode === 'PA')
    throw pythonException('ValueError', 'not enough values to unpack (expected 3, got 2)');
  if (mode === 'CMYK') throw pythonException('ValueError', 'too many values to unpack (expected 3)');
  throw pythonException('TypeError', 'cannot unpack non-iterable int object');
}

/**
 * Forge's `pnginfoapi` (`images.read_info_from_image` and its own `parse_generation_parameters`):
 * the `parameters` text (or a GIF or JPEG comment) as `info`, the other metadata as `items`, and
 * the parsed `parameters` (defaults included for an image without an infotext).
 */
export async function forgePngInfo(ctx: WebuiContext, bytes: Uint8Array): Promise<Record<string, PyJson>> {
  // Text chunks after the pixels are read only when the pixels load (exif_transpose loads them).
  const readable = (await pilLoadError(bytes)) === undefined ? bytes : pngBeforeIdat(bytes);
  const image = pilImageInfo(readable);
  const items = new Map(image.info);
  let geninfo = items.get('parameters');
  items.delete('parameters');
  if (items.has('comment')) geninfo = items.get('comment');
  for (const key of IGNORED_INFO_KEYS) items.delete(key);
  geninfo ??= await readStealthInfotext(image.mode, bytes);
  const info = typeof geninfo === 'string' ? geninfo : '';
  const env = {
    option: (key: string) => ctx.options.get(key),
    modules: ctx.catalogue.sdModules.map((module) => module.model_name),
  };
  return { info, items: Object.fromEntries(items), parameters: forgeInfotextParameters(info, env) };
}
