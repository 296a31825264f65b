/**
 * ControlNet units for `alwayson_scripts`, typed from the extension's own `ControlNetUnit`
 * model (Mikubill/sd-webui-controlnet v1.1.455, and Forge's built-in ControlNet, which reads
 * the same keys). Images are any `ImageInput`; they are encoded when the request is sent.
 */
import type { components } from '../../generated/a1111-1.10.controlnet.js';
import type { ImageInput } from '../../images/input.js';

type Unit = components['schemas']['ControlNetUnit'];
/** The declared fields of a generated schema, without its `[key: string]: unknown` tail. */
type Declared<T> = { [K in keyof T as string extends K ? never : K]: T[K] };

/** `image` of a unit: one image, an image with its mask, an `[image, mask]` pair, or several (IP-Adapter only). */
export type ControlNetImage =
  | ImageInput
  | { image: ImageInput; mask?: ImageInput | null }
  | [ImageInput, ImageInput]
  | Array<{ image: ImageInput; mask?: ImageInput | null }>;

/**
 * One ControlNet unit: every field of the extension's `ControlNetUnit` (enums as string unions),
 * with images as `ImageInput`. `enabled` defaults to `true` here and is always sent: the extension
 * defaults it to false since v1.1.448, Forge's built-in ControlNet to true.
 */
export type ControlNetUnitInput = Omit<
  Declared<Unit>,
  'image' | 'mask' | 'mask_image' | 'effective_region_mask' | 'input_image' | 'enabled'
> & {
  /** Use this unit (default true here; always sent explicitly). */
  enabled?: boolean;
  /** The control image. Without it img2img uses `init_images[0]`; txt2img skips ControlNet. */
  image?: ControlNetImage | null;
  /** Mask limiting the control input, same size as the image (Forge reads it as `mask_image`, sent as both). */
  mask?: ImageInput | null;
  /** Mask limiting where the unit applies. */
  effective_region_mask?: ImageInput | null;
};

/** A unit as `controlNet()` returns it: `enabled` set. */
export type ControlNetUnitEntry = ControlNetUnitInput & { enabled: boolean };

/** The `alwayson_scripts` entry of ControlNet (the key is matched case-insensitively by the webui). */
export type ControlNetScript = {
  ControlNet: { args: ControlNetUnitEntry[] };
};

/**
 * The `alwayson_scripts` entry for these ControlNet units, to spread with others:
 * `alwayson_scripts: { ...controlNet([{ module: 'canny', model: 'control_v11p_sd15_canny', image }]),
 * ...adetailer(…) }`.
 * At most the server's `control_net_unit_count` (default 3) units are used; extra ones are dropped by the server.
 */
export function controlNet(units: readonly ControlNetUnitInput[]): ControlNetScript {
  return { ControlNet: { args: units.map((unit) => ({ ...unit, enabled: unit.enabled ?? true })) } };
}

/** The `alwayson_scripts` key of ControlNet, lower-cased as the webui compares it. */
export const CONTROLNET_KEY = 'controlnet';
