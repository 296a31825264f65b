import { formatInfotext } from '@sdwebui/infotext';
import type { Profile } from '../profiles/index.js';
import { pythonStr, type PyJson } from '../../fastapi/python-json/index.js';

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
  /** `extra_generation_params` of scripts and extensions, written after the core keys and before `Version`. */
  extra?: Record<string, PyJson>;
}

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
  }
  for (const [key, value] of Object.entries(fields.extra ?? {})) put(key, value);
  if (profile.versionInInfo) put('Version', profile.version);
  return formatInfotext({ prompt: fields.prompt, negativePrompt: fields.negativePrompt, params });
}
