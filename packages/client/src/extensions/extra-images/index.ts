/**
 * Tells the generated images apart from what extensions append after them (ControlNet's
 * detected maps). The rule (EXTENSIONS.md §1.7): extensions add images to the response but not
 * to `info.infotexts`, so the first `infotexts.length` images are the generated ones (grid
 * included) and the rest are extras. Extras come from ControlNet when the request enabled units
 * that save their maps, in unit order, the same number per unit (two with hires fix); anything
 * else is labelled `unknown`.
 */
import { CONTROLNET_KEY } from '../controlnet/index.js';

/** Where an extra image came from. */
export type ExtraImageSource = 'controlnet' | 'unknown';

export interface ExtraImageLabel {
  source: ExtraImageSource;
  /** The index of the ControlNet unit (in the request's `args`) whose map this is, when that can be told. */
  unit?: number;
}

/** The indexes in `args` of the units that will add maps: enabled (explicitly), with their map saved. */
function mappingUnits(scripts: unknown): number[] {
  if (typeof scripts !== 'object' || scripts === null) return [];
  const entry = Object.entries(scripts).find(([title]) => title.toLowerCase() === CONTROLNET_KEY)?.[1];
  const args = (entry as { args?: unknown } | undefined)?.args;
  if (!Array.isArray(args)) return [];
  return args.flatMap((unit, index) => {
    if (typeof unit !== 'object' || unit === null) return [];
    const { enabled, save_detected_map } = unit as { enabled?: unknown; save_detected_map?: unknown };
    return enabled === true && save_detected_map !== false ? [index] : [];
  });
}

/**
 * How many of `total` images are generated ones, and a label for each of the others.
 * `infotexts` is `info.infotexts` (untrusted: anything but a list means "all generated").
 */
export function splitExtraImages(
  total: number,
  infotexts: unknown,
  alwaysOnScripts: unknown,
): { generated: number; extras: ExtraImageLabel[] } {
  if (!Array.isArray(infotexts) || infotexts.length >= total) return { generated: total, extras: [] };
  const generated = infotexts.length;
  const count = total - generated;
  const units = mappingUnits(alwaysOnScripts);
  if (units.length === 0) return { generated, extras: Array.from({ length: count }, () => ({ source: 'unknown' })) };
  const perUnit = count % units.length === 0 ? count / units.length : undefined;
  const extras = Array.from({ length: count }, (_, index): ExtraImageLabel => {
    const unit = perUnit === undefined ? undefined : units[Math.floor(index / perUnit)];
    return unit === undefined ? { source: 'controlnet' } : { source: 'controlnet', unit };
  });
  return { generated, extras };
}

/**
 * The most images extensions may append for these `alwayson_scripts` (the bound a generation's
 * answer is held to): ControlNet appends, per unit, a map per input image (two with hires fix) and
 * its masks'; every object in a script's `args` is counted as a unit.
 */
export function mostMaps(scripts: unknown): number {
  let maps = 0;
  for (const script of Object.values(scripts ?? {})) {
    const args: unknown = (script as { args?: unknown } | null)?.args;
    for (const unit of Array.isArray(args) ? args : []) {
      const image: unknown = (unit as { image?: unknown } | null)?.image;
      if (unit !== null && typeof unit === 'object') maps += 4 + 2 * (Array.isArray(image) ? image.length : 1);
    }
  }
  return maps;
}
