import { formatInfotext } from '@sdwebui/infotext';
import type { Profile } from '../profiles/index.js';
import { pythonStr, type PyJson } from '../python/index.js';

/** What one image's infotext needs; all values already resolved for that image. */
export interface InfotextFields {
  prompt: string;
  negativePrompt: string;
  steps: number;
  sampler: string;
  scheduleType?: string;
  cfgScale: PyJson;
  imageCfgScale?: PyJson;
  seed: number;
  faceRestoration: string | null;
  width: number;
  height: number;
  modelHash: string | null;
  modelName: string | null;
  variationSeed?: number;
  variationSeedStrength?: PyJson;
  seedResizeFrom?: [number, number];
  denoisingStrength: PyJson;
  clipSkip: number;
  ensd?: number;
  hires?: { upscale: PyJson; steps: number; upscaler: string | null };
  /** Forge's keys (EXTENSIONS.md §3.7), for a profile with `fork`. */
  forge?: ForgeInfotextFields;
  /** `extra_generation_params` of scripts and extensions, written after the core keys and before `Version`. */
  extra?: Record<string, PyJson>;
}

export interface ForgeInfotextFields {
  /** `hr_cfg`, written as `Hires CFG Scale` whenever hires fix runs. */
  hiresCfg: PyJson;
  /** `hr_additional_modules` when it is a list: `Hires Module i` (file stems, or `Built-in` for `[]`). */
  hiresModules: string[] | null;
  /** `forge_unet_storage_dtype`: `Diffusion in Low Bits` unless `Automatic`. */
  unetStorageDtype: string;
  /** `forge_additional_modules`: `Module i`, file stems. */
  modules: string[];
}

const stem = (file: string): string => {
  const base = file.split(/[\\/]/).at(-1) ?? file;
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(0, dot) : base;
};

/**
 * The mock's `create_infotext`: the key order and the rules for leaving keys out follow the
 * webui's (None omitted, `Clip skip` only above 1, `Version` from 1.7, `Seed resize from:
 * -1x-1` on API images before 1.5).
 */
export function buildInfotext(profile: Profile, fields: InfotextFields): string {
  const params: Record<string, string> = {};
  const put = (key: string, value: PyJson | undefined) => {
    if (value !== undefined && value !== null) params[key] = pythonStr(value);
  };
  put('Steps', fields.steps);
  put('Sampler', fields.sampler);
  put('Schedule type', fields.scheduleType);
  put('CFG scale', fields.cfgScale);
  put('Image CFG scale', fields.imageCfgScale);
  put('Seed', fields.seed);
  put('Face restoration', fields.faceRestoration);
  put('Size', `${fields.width}x${fields.height}`);
  put('Model hash', fields.modelHash);
  put('Model', fields.modelName);
  if (fields.variationSeed !== undefined) {
    put('Variation seed', fields.variationSeed);
    put('Variation seed strength', fields.variationSeedStrength);
  }
  if (profile.alwaysSeedResize) put('Seed resize from', '-1x-1');
  else if (fields.seedResizeFrom && fields.seedResizeFrom[0] > 0 && fields.seedResizeFrom[1] > 0) {
    put('Seed resize from', `${fields.seedResizeFrom[0]}x${fields.seedResizeFrom[1]}`);
  }
  put('Denoising strength', fields.denoisingStrength);
  if (fields.clipSkip > 1) put('Clip skip', fields.clipSkip);
  if (fields.ensd) put('ENSD', fields.ensd);
  if (fields.hires) {
    put('Hires upscale', fields.hires.upscale);
    put('Hires steps', fields.hires.steps || undefined);
    put('Hires upscaler', fields.hires.upscaler);
    if (fields.forge) {
      put('Hires CFG Scale', fields.forge.hiresCfg);
      const modules = fields.forge.hiresModules;
      if (modules?.length === 0) put('Hires Module 1', 'Built-in');
      for (const [index, module] of (modules ?? []).entries()) {
        put(`Hires Module ${index + 1}`, module === 'Use same choices' ? module : stem(module));
      }
    }
  }
  for (const [key, value] of Object.entries(fields.extra ?? {})) put(key, value);
  if (profile.versionInInfo) put('Version', profile.version);
  if (fields.forge) {
    if (fields.forge.unetStorageDtype !== 'Automatic') put('Diffusion in Low Bits', fields.forge.unetStorageDtype);
    for (const [index, module] of fields.forge.modules.entries()) put(`Module ${index + 1}`, stem(module));
  }
  return formatInfotext({ prompt: fields.prompt, negativePrompt: fields.negativePrompt, params });
}
