import { parseInfotext, readPngText } from '@sdwebui/infotext';
import type { Profile } from '../profiles/index.js';
import type { PyJson } from '../python/index.js';
import { sniffImage } from '../png/index.js';
import { pilLoadError, pngBeforeIdat } from '../png/pil-open.js';
import type { WebuiContext } from './context.js';
import { DEFAULTS_V1_10 } from './parse-defaults.js';
import { forgePngInfo } from './png-info-forge.js';

const LATER_THAN_1_7 = new Set([
  'Schedule type',
  'Schedule max sigma',
  'Schedule min sigma',
  'Schedule rho',
  'FP8 weight',
]);

/**
 * The png-info `parameters` dict: prompt, negative prompt, every pair (`WxH` split), defaults.
 * Keys come from the image, so they are collected in a Map: `__proto__` or `constructor` is a key like any other.
 */
function parsedParameters(profile: Profile, infotext: string): Record<string, PyJson> {
  const info = parseInfotext(infotext);
  const result = new Map<string, PyJson>([
    ['Prompt', info.prompt],
    ['Negative prompt', info.negativePrompt],
  ]);
  for (const [key, value] of Object.entries(info.params)) {
    const size = /^(\d+)x(\d+)$/.exec(value);
    if (size) {
      result.set(`${key}-1`, size[1] as string);
      result.set(`${key}-2`, size[2] as string);
    } else result.set(key, value);
  }
  const defaults = profile.schedulers ? DEFAULTS_V1_10 : DEFAULTS_V1_10.filter(([key]) => !LATER_THAN_1_7.has(key));
  for (const [key, value] of defaults) if (!result.has(key)) result.set(key, value);
  // Object.fromEntries defines own properties: a `__proto__` entry stays data.
  return Object.fromEntries(result);
}

/** POST /sdapi/v1/png-info for decoded image bytes, in the profile's response shape (Forge: its own). */
export async function pngInfo(ctx: WebuiContext, bytes: Uint8Array): Promise<Record<string, PyJson>> {
  const { profile } = ctx;
  if (profile.fork !== null) return forgePngInfo(ctx, bytes);
  // PIL reads the chunks after IDAT only when the pixels load; a file cut in them keeps the earlier ones.
  const readable = (await pilLoadError(bytes)) === undefined ? bytes : pngBeforeIdat(bytes);
  const entries = sniffImage(bytes) === 'png' ? readPngText(readable) : [];
  const infotext = entries.find((entry) => entry.keyword === 'parameters')?.text;
  const others = Object.fromEntries(
    entries.filter((entry) => entry.keyword !== 'parameters').map((entry) => [entry.keyword, entry.text]),
  );
  if (!profile.pngInfoParsed) {
    return { info: infotext ?? '', items: infotext === undefined ? others : { parameters: infotext, ...others } };
  }
  return {
    info: infotext ?? '',
    items: others,
    parameters: infotext === undefined ? {} : parsedParameters(profile, infotext),
  };
}
