import type { PyJson } from '../../python/index.js';
import type { SdnextGenerationKind } from './request.js';

/** The `ItemFace` fields `prepare_face_module` passes to the `face` script, in its order. */
const FACE_ARGS = [
  'mode',
  'source_images',
  'ip_model',
  'ip_override_sampler',
  'ip_cache_model',
  'ip_strength',
  'ip_structure',
  'id_strength',
  'id_conditioning',
  'id_cache',
  'pm_trigger',
  'pm_strength',
  'pm_start',
  'fs_cache',
] as const;

/**
 * What the handler does to the request object before it is echoed as `parameters` (`vars(request)`),
 * up to the queue lock: txt2img's `face` becomes the `face` script (`script_name`, `script_args`) and
 * is deleted, unless `alwayson_scripts` names `face`.
 */
export function prepareFace(kind: SdnextGenerationKind, echo: Record<string, PyJson>): void {
  const face = echo.face;
  const alwayson = (echo.alwayson_scripts ?? {}) as Record<string, PyJson>;
  if (kind !== 'txt2img' || face === null || face === undefined || 'face' in alwayson) return;
  const fields = face as Record<string, PyJson>;
  echo.script_name = 'face';
  echo.script_args = FACE_ARGS.map((key) => fields[key] ?? null);
  delete echo.face;
}

/**
 * The echo after the job: `ip_adapter` deleted once used (a non-empty list), long strings (≥ 1000
 * characters) in `script_args` and `alwayson_scripts[*].args` shown as `<str N>`, and img2img's
 * `init_images` and `mask` nulled unless `include_init_images`.
 */
export function finishEcho(kind: SdnextGenerationKind, echo: Record<string, PyJson>): Record<string, PyJson> {
  const sanitize = (list: PyJson | undefined) => {
    if (!Array.isArray(list)) return;
    for (const [index, item] of list.entries()) {
      if (typeof item === 'string' && item.length >= 1000) list[index] = `<str ${item.length}>`;
    }
  };
  const alwayson = echo.alwayson_scripts;
  if (alwayson !== null && typeof alwayson === 'object' && !Array.isArray(alwayson)) {
    for (const script of Object.values(alwayson)) {
      if (script !== null && typeof script === 'object' && !Array.isArray(script) && 'args' in script)
        sanitize(script.args);
    }
  }
  sanitize(echo.script_args);
  if (kind === 'img2img' && echo.include_init_images !== true) {
    echo.init_images = null;
    echo.mask = null;
  }
  return echo;
}
