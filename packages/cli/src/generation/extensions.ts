/**
 * `--controlnet MODULE:MODEL:IMAGE[:WEIGHT]` and `--adetailer MODEL`: extension units for
 * `alwayson_scripts`, built with the SDK's `controlNet()` and `adetailer()` so they are typed and
 * sent as the SDK documents (`enabled` explicit, both ADetailer flags). Checked here, one line per
 * problem; the names themselves are checked by the server's lists (`sdwebui scripts`).
 */
import { UsageError } from '../errors.js';
import { decimalNumber } from '../flag-values/index.js';
import { readImageFile } from '../input-files/index.js';

/** ControlNet's own bound on a unit's weight (pydantic: 0–2). */
const WEIGHT = { min: 0, max: 2 };

export interface ControlNetFlag {
  module: string;
  model: string;
  image: string;
  weight?: number;
}

/**
 * Parses one `--controlnet` value. The image path may itself hold colons (`C:\x.png`): module and
 * model are the first two fields, a trailing number is the weight, and the rest is the path.
 */
export function parseControlNetFlag(value: string): ControlNetFlag {
  const parts = value.split(':');
  const usage = `--controlnet expects MODULE:MODEL:IMAGE[:WEIGHT], e.g. canny:control_v11p_sd15_canny:pose.png:0.8`;
  if (parts.length < 3) throw new UsageError(`${usage}; got "${value}"`);
  const [module, model, ...rest] = parts as [string, string, ...string[]];
  const last = rest.at(-1) as string;
  const hasWeight = rest.length > 1 && /^[+-]?(\d+\.?\d*|\.\d+)$/.test(last);
  const image = (hasWeight ? rest.slice(0, -1) : rest).join(':');
  if (module.trim() === '' || model.trim() === '' || image === '')
    throw new UsageError(`${usage}; module, model and image must not be empty, got "${value}"`);
  return {
    module,
    model,
    image,
    ...(hasWeight ? { weight: decimalNumber(last, '--controlnet weight', WEIGHT) } : {}),
  };
}

/** Checks one `--adetailer` value: a detector name as `sdwebui`'s server lists it (`face_yolov8n.pt`). */
export function parseADetailerFlag(value: string): string {
  if (value.trim() === '' || value !== value.trim() || /[,:]/.test(value))
    throw new UsageError(`--adetailer expects one detector name, e.g. face_yolov8n.pt; got "${value}"`);
  return value;
}

/**
 * The `alwayson_scripts` entries of the flags (`{}` when none), images read from their files.
 * Flags are checked before any file is read.
 */
export async function extensionScripts(controlnet: readonly string[], adetailer: readonly string[]) {
  const units = controlnet.map(parseControlNetFlag);
  const detectors = adetailer.map(parseADetailerFlag);
  if (units.length === 0 && detectors.length === 0) return {};
  const sdk = await import('@sdwebui/client');
  const images = await Promise.all(units.map((unit) => readImageFile(unit.image, '--controlnet image')));
  return {
    ...(units.length
      ? sdk.controlNet(units.map(({ image: _path, ...unit }, index) => ({ ...unit, image: images[index] })))
      : {}),
    ...(detectors.length ? sdk.adetailer(detectors) : {}),
  };
}
