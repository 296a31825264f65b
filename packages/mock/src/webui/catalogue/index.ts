import { createHash } from 'node:crypto';
import type { ExtensionId } from '../extensions/host/index.js';
import { readRecordedBody, type A1111ProfileId } from '../profiles/index.js';
import { scriptInfo, scriptsList } from '../scripts/catalogue.js';

/**
 * The models and lists the mock webui "has installed". Lists the recordings cover (LoRAs,
 * upscalers, VAEs, face restorers, …) are the recorded bodies of a real 1.5 server; the
 * checkpoints are made up for the mock (names of well-known public models, with the public
 * sha256 where one is widely published, else a sha256 of the file name), because the recorded
 * checkpoint list has no hashes and hash-based selection needs them.
 */
export interface Checkpoint {
  title: string;
  model_name: string;
  hash: string;
  sha256: string;
  filename: string;
  config: string | null;
}

const MODELS_DIR = '/mock/stable-diffusion-webui/models/Stable-diffusion';

function checkpoint(name: string, sha256?: string): Checkpoint {
  const full = sha256 ?? createHash('sha256').update(`sdwebui-mock:${name}`).digest('hex');
  return {
    title: `${name} [${full.slice(0, 10)}]`,
    model_name: name.replace(/\.[^.]+$/, '').replace(/[/\\]/g, '_'),
    hash: full.slice(0, 10),
    sha256: full,
    filename: `${MODELS_DIR}/${name}`,
    config: null,
  };
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.values(value).forEach(deepFreeze);
    Object.freeze(value);
  }
  return value;
}

export const CHECKPOINTS: readonly Checkpoint[] = [
  checkpoint('v1-5-pruned-emaonly.safetensors', '6ce0161689b3853acaa03779ec93eafe75a02f4ced659bee03f50797806fa2fa'),
  checkpoint('deliberate_v2.safetensors'),
  checkpoint('SDXL/sd_xl_base_1.0.safetensors', '31e35c80fc4829d14f90153f4c74cd59c90b779f6afe05a74cd6120b893f7e5b'),
].map(deepFreeze);

/**
 * Forge's install adds a Flux checkpoint (the one the client README's Flux recipe names; its VAE
 * and text encoders are `/sdapi/v1/sd-modules`' files). Made up like the others.
 */
const FORGE_CHECKPOINTS: readonly Checkpoint[] = [
  ...CHECKPOINTS,
  deepFreeze(checkpoint('flux1-dev-bnb-nf4-v2.safetensors')),
];

/** The name part of a title: path relative to the models folder, with extension. */
const nameOf = (item: Checkpoint) => item.title.replace(/ \[[0-9a-f]+\]$/, '');

/** Aliases per checkpoint, worked out once: every generation looks the loaded model up by its option's value. */
const aliases = new WeakMap<Checkpoint, { basename: string; all: readonly string[] }>();

function aliasesOf(item: Checkpoint): { basename: string; all: readonly string[] } {
  let found = aliases.get(item);
  if (found === undefined) {
    const name = nameOf(item);
    const basename = (name.split('/').pop() as string).replace(/\.[^.]+$/, '');
    const all = [item.title, name, item.model_name, basename, item.hash, item.sha256, `${basename} [${item.hash}]`];
    aliases.set(item, (found = { basename, all }));
  }
  return found;
}

/** File name without folder or extension: what infotexts print as `Model` and `info.sd_model_name` holds. */
export const basenameOf = (item: Checkpoint): string => aliasesOf(item).basename;

/**
 * Finds a checkpoint by any alias the webui accepts (`checkpoint_aliases`, v1.10): the title,
 * the relative name with extension, `model_name`, the basename without extension, the short
 * hash, the full sha256, and `basename [shorthash]`. An absolute path, or `file.safetensors`
 * for a model inside a subfolder, is not an alias.
 */
export function findCheckpoint(checkpoints: readonly Checkpoint[], alias: string): Checkpoint | undefined {
  return checkpoints.find((item) => aliasesOf(item).all.includes(alias));
}

export interface Catalogue {
  checkpoints: readonly Checkpoint[];
  vaes: unknown[];
  loras: unknown[];
  hypernetworks: unknown[];
  embeddings: unknown;
  upscalers: unknown[];
  latentUpscaleModes: unknown[];
  faceRestorers: unknown[];
  realesrganModels: unknown[];
  promptStyles: unknown[];
  extensions: unknown[];
  scripts: unknown;
  scriptInfo: unknown[];
  memory: unknown;
  /** Forge's `/sdapi/v1/sd-modules` (VAE and text-encoder files). */
  sdModules: ReadonlyArray<{ model_name: string; filename: string }>;
}

/**
 * Forge's `/sdapi/v1/sd-modules`. Made up for the mock in the shape EXTENSIONS.md §3.3 cites from
 * Forge's source (bare file name, absolute path); no Forge list was recorded. The names are the
 * usual Flux companions.
 */
const SD_MODULES = deepFreeze(
  (
    [
      ['ae.safetensors', 'VAE'],
      ['clip_l.safetensors', 'text_encoder'],
      ['t5xxl_fp16.safetensors', 'text_encoder'],
    ] as const
  ).map(([name, folder]) => ({
    model_name: name,
    filename: `/mock/stable-diffusion-webui-forge/models/${folder}/${name}`,
  })),
);

/** Recorded bodies are read once per process; each mock gets its own copy to mutate. */
let recorded: Omit<Catalogue, 'checkpoints' | 'scripts' | 'scriptInfo' | 'sdModules'> | undefined;

/** `/sdapi/v1/extensions` rows of the recorded list, by the extension the mock emulates. */
const EXTENSION_ROWS: Record<ExtensionId, string> = { adetailer: 'adetailer', controlnet: 'sd-webui-controlnet' };

/**
 * The catalogue of one mock webui. Scripts and extensions follow the profile and the installed
 * extensions: `/sdapi/v1/extensions` lists the recorded rows of the installed ones only (the
 * recorded `sd-webui-reactor` is not emulated, so it is not claimed), and the script lists are
 * the profile's built-ins plus the installed extensions' scripts (see `webui/scripts`).
 */
export function createCatalogue(
  profile: A1111ProfileId = 'a1111-1.10',
  installed: readonly ExtensionId[] = ['controlnet', 'adetailer'],
): Catalogue {
  recorded ??= {
    vaes: readRecordedBody('sdapi-v1-sd-vae-1.json'),
    loras: readRecordedBody('sdapi-v1-loras-1.json'),
    hypernetworks: readRecordedBody('sdapi-v1-hypernetworks-1.json'),
    embeddings: readRecordedBody('sdapi-v1-embeddings-1.json'),
    upscalers: readRecordedBody('sdapi-v1-upscalers-1.json'),
    latentUpscaleModes: readRecordedBody('sdapi-v1-latent-upscale-modes-1.json'),
    faceRestorers: readRecordedBody('sdapi-v1-face-restorers-1.json'),
    realesrganModels: readRecordedBody('sdapi-v1-realesrgan-models-1.json'),
    promptStyles: readRecordedBody('sdapi-v1-prompt-styles-1.json'),
    extensions: readRecordedBody('sdapi-v1-extensions-1.json'),
    memory: readRecordedBody('sdapi-v1-memory-1.json'),
  };
  // Frozen: nothing changes these lists, and frozen replies are serialized once (see pyJsonResponse).
  const lists = Object.fromEntries(
    Object.entries(structuredClone(recorded)).map(([key, value]) => [key, deepFreeze(value)]),
  );
  const names = installed.map((id) => EXTENSION_ROWS[id]);
  lists.extensions = deepFreeze(
    (lists.extensions as Array<{ name: string }>).filter((row) => names.includes(row.name)),
  );
  lists.scripts = deepFreeze(scriptsList(profile, installed));
  lists.scriptInfo = deepFreeze(scriptInfo(profile, installed));
  return {
    checkpoints: profile === 'forge-2' ? FORGE_CHECKPOINTS : CHECKPOINTS,
    sdModules: SD_MODULES,
    ...(lists as Omit<Catalogue, 'checkpoints' | 'sdModules'>),
  };
}
