/**
 * `alwayson_scripts` as the client takes it: typed entries for the extensions it knows, any
 * other script by name, and the encoding of extension images right before the request is sent.
 */
import type { Fork } from '../../raw-client/features.js';
import { toImageField, type ImageInput } from '../../images/input.js';
import type { ADetailerScript } from '../adetailer/index.js';
import { CONTROLNET_KEY, type ControlNetImage, type ControlNetScript } from '../controlnet/index.js';

/**
 * `alwayson_scripts` of a generation: spread `controlNet(…)`, `adetailer(…)` and any other
 * script's `{ [title]: { args } }` into one object. Keys are matched case-insensitively by the webui.
 */
export type AlwaysOnScripts = Partial<ControlNetScript> & Partial<ADetailerScript> & { [title: string]: unknown };

type Pair = { image: string; mask?: string | null };
type Encoded = string | Pair | string[] | Pair[];

async function encodeControlImage(image: ControlNetImage): Promise<Encoded> {
  if (Array.isArray(image)) {
    if (image.every((item) => typeof item === 'object' && item !== null && 'image' in item)) {
      return Promise.all((image as Array<{ image: ImageInput; mask?: ImageInput | null }>).map(encodePair));
    }
    return Promise.all((image as ImageInput[]).map(toImageField));
  }
  if (typeof image === 'object' && image !== null && 'image' in image) return encodePair(image);
  return toImageField(image as ImageInput);
}

async function encodePair(pair: { image: ImageInput; mask?: ImageInput | null }) {
  const image = await toImageField(pair.image);
  return pair.mask == null ? { image } : { image, mask: await toImageField(pair.mask) };
}

/**
 * Forge and reForge's built-in ControlNet read the unit mask only as `mask_image`, the extension
 * reads `mask` (and fails a unit that sends both): the key follows the fork.
 */
async function encodeUnit(unit: unknown, fork: () => Promise<Fork>): Promise<unknown> {
  if (typeof unit !== 'object' || unit === null || Array.isArray(unit)) return unit;
  const { image, mask, effective_region_mask, ...rest } = unit as Record<string, unknown>;
  const out: Record<string, unknown> = { ...rest };
  if (image != null) out.image = await encodeControlImage(image as ControlNetImage);
  else if (image === null) out.image = null;
  if (mask != null) {
    const builtIn = BUILT_IN_CONTROLNET.has(await fork());
    out[builtIn ? 'mask_image' : 'mask'] = await toImageField(mask as ImageInput);
  }
  if (effective_region_mask != null) {
    out.effective_region_mask = await toImageField(effective_region_mask as ImageInput);
  }
  return out;
}

const BUILT_IN_CONTROLNET: ReadonlySet<Fork> = new Set(['forge', 'reforge']);

/**
 * The scripts with every ControlNet image encoded as the webui expects (base64 or data URL).
 * `fork` is asked only when a unit has a mask (it may run `detect()`).
 */
export async function encodeAlwaysOnScripts(
  scripts: AlwaysOnScripts | null | undefined,
  fork: () => Promise<Fork>,
): Promise<Record<string, unknown> | null | undefined> {
  if (scripts == null) return scripts;
  const entries = await Promise.all(
    Object.entries(scripts).map(async ([title, value]): Promise<[string, unknown]> => {
      const args = (value as { args?: unknown } | null)?.args;
      if (title.toLowerCase() !== CONTROLNET_KEY || !Array.isArray(args)) return [title, value];
      return [title, { ...(value as object), args: await Promise.all(args.map((unit) => encodeUnit(unit, fork))) }];
    }),
  );
  return Object.fromEntries(entries);
}
