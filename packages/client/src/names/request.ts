/**
 * Every name a generation request sends that the server has a list of: checkpoint, VAE, samplers,
 * schedulers and upscaler, setting keys and Forge modules in `override_settings`, hires modules,
 * ControlNet units' module and model, ADetailer tabs' model.
 */
import type { NameKind } from '../core/errors.js';

/** Settings the SDK itself writes to `override_settings` (`model`, `vae`, `clipSkip`): every webui has them. */
const SDK_SETTINGS = new Set(['sd_model_checkpoint', 'sd_vae', 'CLIP_stop_at_last_layers']);

const isObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

const each = (kind: NameKind, values: unknown): Array<[NameKind, unknown]> =>
  Array.isArray(values) ? values.map((value) => [kind, value]) : [];

/** ControlNet units' (unless disabled) module and model, ADetailer tabs' detector (unless ADetailer is off). */
function extensionNames(scripts: unknown): Array<[NameKind, unknown]> {
  const out: Array<[NameKind, unknown]> = [];
  for (const [title, value] of Object.entries(isObject(scripts) ? scripts : {})) {
    const args = isObject(value) ? value.args : undefined;
    if (!Array.isArray(args)) continue;
    const script = title.toLowerCase();
    if (script === 'controlnet') {
      for (const unit of args.filter(isObject)) {
        if (unit.enabled !== false) out.push(['controlnet-module', unit.module], ['controlnet-model', unit.model]);
      }
    } else if (script === 'adetailer' && args[0] !== false) {
      for (const tab of args.filter(isObject)) out.push(['adetailer-model', tab.ad_model]);
    }
  }
  return out;
}

/** The names of a generation request, by kind; only non-empty strings are checked. */
export function namesInRequest(params: Record<string, unknown>): Array<[NameKind, string]> {
  const overrides = isObject(params.override_settings) ? params.override_settings : {};
  const settings = Object.keys(overrides).filter((key) => !SDK_SETTINGS.has(key) && overrides[key] !== null);
  const hiresModules = Array.isArray(params.hr_additional_modules) ? params.hr_additional_modules : [];
  const entries: Array<[NameKind, unknown]> = [
    ['model', overrides.sd_model_checkpoint],
    ['vae', overrides.sd_vae],
    ['sampler', params.sampler_name],
    ['scheduler', params.scheduler],
    ['sampler', params.hr_sampler_name],
    ['scheduler', params.hr_scheduler],
    ['hires-upscaler', params.hr_upscaler],
    ...each('option', settings),
    ...each('module', overrides.forge_additional_modules),
    ...each('module', hiresModules),
    ...extensionNames(params.alwayson_scripts),
  ];
  return entries.filter((entry): entry is [NameKind, string] => typeof entry[1] === 'string' && entry[1] !== '');
}

/** Names the webui takes in a settings change (`POST /sdapi/v1/options`): its keys, and the values that are names. */
export function namesInSettings(changes: Record<string, unknown>): Array<[NameKind, string]> {
  const entries: Array<[NameKind, unknown]> = [
    ...each('option', Object.keys(changes)),
    ['model', changes.sd_model_checkpoint],
    ['vae', changes.sd_vae],
    ...each('module', changes.forge_additional_modules),
  ];
  return entries.filter((entry): entry is [NameKind, string] => typeof entry[1] === 'string' && entry[1] !== '');
}
