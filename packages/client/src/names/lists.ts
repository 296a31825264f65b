/**
 * The server's lists a name is checked against, one per `NameKind`, each accepting what the server
 * accepts (its aliases, case rules and partial matches), never less: a check must not refuse a name
 * the server would have used.
 */
import type { SdkCallContext } from '../operations/index.js';
import type { FeatureSource } from '../resources/context.js';
import { call } from '../core/call.js';
import { NotFoundError, type NameKind } from '../core/errors.js';
import { listModels, resolveModelIn } from '../resources/models.js';

/** What the lists are read with: the request loop, and the server's features (SD.Next lists differently). */
export type NameListContext = SdkCallContext & { features: FeatureSource };

/** A server list: whether it accepts a name, and the names to suggest. */
export interface NameList {
  accepts(name: string): boolean;
  names: string[];
}

const exactly = (names: string[], extra: string[] = []): NameList => {
  const all = new Set([...names, ...extra]);
  return { accepts: (name) => all.has(name), names: [...all] };
};

/** Samplers and schedulers are looked up case-insensitively by the webui, by name or alias; `shown` are suggested. */
const ignoringCase = (names: string[], shown = names): NameList => {
  const all = new Set(names.map((name) => name.toLowerCase()));
  return { accepts: (name) => all.has(name.toLowerCase()), names: shown };
};

/**
 * Samplers by name or alias, any case; 1.10 also takes "DPM++ 2M Karras", a sampler name, a space and
 * a scheduler label. A combination is checked by the label it ends with, never by listing them all:
 * a server's N samplers and M labels made N × M strings (2,000 of each: 24 s and ~1 GB; 20,000 of
 * each, two 1 MB answers: out of memory). Suggested by name only: aliases (`k_euler`) and
 * combinations are accepted, not offered.
 */
export function samplerNames(
  samplers: ReadonlyArray<{ name: string; aliases?: string[] | null }>,
  labels: readonly string[],
): NameList {
  const shown = samplers.map((sampler) => sampler.name);
  const plain = ignoringCase([...shown, ...samplers.flatMap((sampler) => sampler.aliases ?? [])], shown);
  const byName = new Set(shown.map((name) => name.toLowerCase()));
  const endings = [...new Set(labels.map((label) => ` ${label.toLowerCase()}`))];
  return {
    names: shown,
    accepts: (name) => {
      if (plain.accepts(name)) return true;
      const lower = name.toLowerCase();
      return endings.some(
        (ending) => lower.endsWith(ending) && byName.has(lower.slice(0, lower.length - ending.length)),
      );
    },
  };
}

/** A list the server lacks (an extension not installed, a route of another fork) proves no name wrong. */
const ANYTHING: NameList = { accepts: () => true, names: [] };

async function unlessMissing(read: () => Promise<NameList>): Promise<NameList> {
  try {
    return await read();
  } catch (error) {
    if (error instanceof NotFoundError && error.status === 404) return ANYTHING;
    throw error;
  }
}

const names = (items: Array<{ name?: unknown }>) => items.map((item) => String(item.name));
const strings = (items: unknown): string[] =>
  Array.isArray(items) ? items.filter((item): item is string => typeof item === 'string') : [];

async function schedulerLabels(ctx: NameListContext): Promise<string[]> {
  // SD.Next has no scheduler labels: its samplers are diffusers schedulers (and its /schedulers, at
  // 058a7f0, answers a 500).
  if ((await ctx.features.get()).fork === 'sdnext') return [];
  try {
    return (await call(ctx, 'GET /sdapi/v1/schedulers', {})).map((item) => item.label);
  } catch (error) {
    if (error instanceof NotFoundError) return [];
    throw error;
  }
}

/**
 * ControlNet's model lookup (EXTENSIONS.md §1.5): the exact `name [hash]`, the lower-cased name
 * without its hash, or the shortest model whose lower-cased name contains the text (`canny`).
 */
function controlNetModels(list: string[]): NameList {
  const bare = list.map((model) => model.replace(/ \[[^\]]*\]$/, '').toLowerCase());
  return {
    accepts: (name) => {
      const lower = name.toLowerCase();
      return name === 'None' || list.includes(name) || bare.some((model) => model.includes(lower));
    },
    names: list,
  };
}

/** Forge's modules by file name or path; `Use same choices` keeps the first pass's (hires only, but harmless). */
function forgeModules(items: unknown): NameList {
  const entries = Array.isArray(items) ? (items as Array<{ model_name?: unknown; filename?: unknown }>) : [];
  const fileNames = strings(entries.map((item) => item?.model_name));
  const all = new Set([...fileNames, ...strings(entries.map((item) => item?.filename)), 'Use same choices']);
  return { accepts: (name) => all.has(name), names: fileNames };
}

/**
 * SD.Next's names for "no sampler chosen" (its txt2img defaults: `Default` for the sampler, `Same as
 * primary` for the hires pass), accepted beside the listed samplers.
 */
const SDNEXT_SAMPLER_DEFAULTS = ['Default', 'Same as primary'];

export async function fetchList(ctx: NameListContext, kind: NameKind): Promise<NameList> {
  switch (kind) {
    case 'model': {
      const models = await listModels(ctx);
      return {
        accepts: (name) => {
          try {
            return resolveModelIn(models, name) !== undefined;
          } catch {
            return false;
          }
        },
        names: models.map((model) => model.title),
      };
    }
    case 'vae':
      // Forge has no VAE list (it takes VAEs as modules) and ignores `sd_vae`.
      return unlessMissing(async () =>
        exactly(
          (await call(ctx, 'GET /sdapi/v1/sd-vae', {})).map((vae) => vae.model_name),
          ['Automatic', 'None'],
        ),
      );
    case 'sampler': {
      const list = samplerNames(await call(ctx, 'GET /sdapi/v1/samplers', {}), await schedulerLabels(ctx));
      if ((await ctx.features.get()).fork !== 'sdnext') return list;
      return { accepts: (name) => SDNEXT_SAMPLER_DEFAULTS.includes(name) || list.accepts(name), names: list.names };
    }
    case 'scheduler': {
      const schedulers = await call(ctx, 'GET /sdapi/v1/schedulers', {});
      // Suggested by label (`Karras`, as the UI shows them); names and aliases are accepted too.
      return ignoringCase(
        schedulers.flatMap((item) => [item.name, item.label, ...(item.aliases ?? [])]),
        schedulers.map((item) => item.label),
      );
    }
    case 'upscaler':
      return exactly(names(await call(ctx, 'GET /sdapi/v1/upscalers', {})), ['None']);
    case 'hires-upscaler': {
      // SD.Next has no latent-upscale-modes route: its upscaler list holds its latent modes.
      const [upscalers, latent] = await Promise.all([
        call(ctx, 'GET /sdapi/v1/upscalers', {}),
        call(ctx, 'GET /sdapi/v1/latent-upscale-modes', {}).catch((error: unknown) => {
          if (error instanceof NotFoundError && error.status === 404) return [];
          throw error;
        }),
      ]);
      return exactly([...names(latent), ...names(upscalers)], ['None']);
    }
    case 'controlnet-module':
      // The extension looks a module up as a label, then as a name (`depth` and `depth_midas`); Forge lists
      // display names only and ignores `alias_names`. Case matters on both.
      return unlessMissing(async () => {
        const [plain, labels] = await Promise.all([
          call(ctx, 'GET /controlnet/module_list', {}),
          call(ctx, 'GET /controlnet/module_list', { params: { query: { alias_names: true } } }),
        ]);
        return exactly([...strings(plain.module_list), ...strings(labels.module_list)]);
      });
    case 'controlnet-model':
      return unlessMissing(async () =>
        controlNetModels(strings((await call(ctx, 'GET /controlnet/model_list', {})).model_list)),
      );
    case 'adetailer-model':
      return unlessMissing(async () => {
        const list = exactly(strings((await call(ctx, 'GET /adetailer/v1/ad_model', {})).ad_model), ['None']);
        // ADetailer also runs any `mediapipe…` detector it knows without listing it.
        return { accepts: (name) => list.accepts(name) || name.startsWith('mediapipe'), names: list.names };
      });
    case 'module':
      return unlessMissing(async () => forgeModules(await call(ctx, 'GET /sdapi/v1/sd-modules', {})));
    case 'option':
      return exactly(Object.keys(await call(ctx, 'GET /sdapi/v1/options', {})));
  }
}

/** Where a person finds the names of each kind, for the error message. */
export const WHERE: Record<NameKind, string> = {
  model: 'client.listModels()',
  vae: "the server's VAE list (client.vaes())",
  sampler: 'client.samplers()',
  scheduler: 'client.schedulers()',
  upscaler: 'client.upscalers()',
  'hires-upscaler': 'client.upscalers() or GET /sdapi/v1/latent-upscale-modes',
  'controlnet-module': 'client.controlNet.modules()',
  'controlnet-model': 'client.controlNet.models()',
  'adetailer-model': 'client.adetailer.models()',
  module: "Forge's modules (client.modules())",
  option: 'client.getOptions()',
};

/** How each kind is named in a message. */
export const WHAT: Record<NameKind, string> = {
  model: 'model',
  vae: 'VAE',
  sampler: 'sampler',
  scheduler: 'scheduler',
  upscaler: 'upscaler',
  'hires-upscaler': 'upscaler',
  'controlnet-module': 'ControlNet module',
  'controlnet-model': 'ControlNet model',
  'adetailer-model': 'ADetailer model',
  module: 'module',
  option: 'setting',
};
