import { createHash } from 'node:crypto';
import type { PyJson } from '../../python/index.js';

/** A checkpoint the mock SD.Next "has installed" (made up for the mock; see `CHECKPOINTS`). */
export interface SdnextCheckpoint {
  /** Path under the models folder without extension: SD.Next's `name` (keeps the sub-folder). */
  name: string;
  filename: string;
  sha256: string;
  /** The pipeline class a load gives (`/checkpoint` `class`, infotext `Pipeline`). */
  pipeline: string;
  /** SD.Next's model type (`/checkpoint` `type`). */
  modelType: string;
  /** The scheduler class the pipeline comes with (infotext `Scheduler` for `Default`). */
  scheduler: string;
}

const MODELS_DIR = '/mock/sdnext/models/Stable-diffusion';

function checkpoint(name: string, fields: Omit<SdnextCheckpoint, 'name' | 'filename' | 'sha256'>, sha256?: string) {
  const full = sha256 ?? createHash('sha256').update(`sdwebui-mock:${name}`).digest('hex');
  return Object.freeze({ name, filename: `${MODELS_DIR}/${name}.safetensors`, sha256: full, ...fields });
}

/**
 * Three made-up checkpoints with public model names (the SDXL and SD 1.5 bases with their published
 * sha256, a sub-folder one with a hash of its name), so titles, sub-folder names and hash lookups
 * behave as on a server with models; no SD.Next recording lists any.
 */
export const SDNEXT_CHECKPOINTS: readonly SdnextCheckpoint[] = [
  checkpoint(
    'sd_xl_base_1.0',
    { pipeline: 'StableDiffusionXLPipeline', modelType: 'sdxl', scheduler: 'EulerDiscreteScheduler' },
    '31e35c80fc4829d14f90153f4c74cd59c90b779f6afe05a74cd6120b893f7e5b',
  ),
  checkpoint(
    'sd15/v1-5-pruned-emaonly',
    { pipeline: 'StableDiffusionPipeline', modelType: 'sd', scheduler: 'PNDMScheduler' },
    '6ce0161689b3853acaa03779ec93eafe75a02f4ced659bee03f50797806fa2fa',
  ),
  checkpoint('flux/flux1-schnell', {
    pipeline: 'FluxPipeline',
    modelType: 'f1',
    scheduler: 'FlowMatchEulerDiscreteScheduler',
  }),
];

export const shortHash = (item: SdnextCheckpoint): string => item.sha256.slice(0, 10);
export const titleOf = (item: SdnextCheckpoint): string => `${item.name} [${shortHash(item)}]`;

/** The checkpoint whose name, filename, short hash or title is `alias` (`checkpoint_aliases`). */
function findSdnextCheckpoint(alias: unknown): SdnextCheckpoint | undefined {
  if (typeof alias !== 'string') return undefined;
  return SDNEXT_CHECKPOINTS.find((item) => [item.name, item.filename, shortHash(item), titleOf(item)].includes(alias));
}

/** `ItemModel` of GET /sdapi/v1/sd-models. */
export function modelItem(item: SdnextCheckpoint): Record<string, PyJson> {
  return {
    title: titleOf(item),
    model_name: item.name,
    filename: item.filename,
    type: 'safetensors',
    sha256: item.sha256,
    hash: shortHash(item),
    config: null,
  };
}

/**
 * The loaded model (`shared.sd_model`): the first checkpoint at start (`sd_checkpoint_autoload`), none
 * after an unload or a switch to a name that is no checkpoint. While locked (`/lock-checkpoint`),
 * switches keep the loaded model.
 */
export class SdnextModels {
  loaded: SdnextCheckpoint | null = SDNEXT_CHECKPOINTS[0] ?? null;
  locked = false;

  /** `reload_model_weights()` for the `sd_model_checkpoint` value: the model now loaded (null: none). */
  select(alias: unknown): SdnextCheckpoint | null {
    if (this.locked) return this.loaded;
    this.loaded = findSdnextCheckpoint(alias) ?? null;
    return this.loaded;
  }

  /** Whether `alias` names a checkpoint (`checkpoint_aliases.get(alias) is not None`), without loading it. */
  knows(alias: unknown): boolean {
    return findSdnextCheckpoint(alias) !== undefined;
  }

  unload(): void {
    if (!this.locked) this.loaded = null;
  }

  /** GET /sdapi/v1/checkpoint. */
  describe(): Record<string, PyJson> {
    const item = this.loaded;
    if (item === null) return { type: null, class: null };
    return {
      type: item.modelType,
      class: item.pipeline,
      checkpoint: item.filename,
      title: titleOf(item),
      name: item.name,
      filename: item.filename,
      hash: shortHash(item),
    };
  }
}
