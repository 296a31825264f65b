import type { SdkCallContext } from '../operations/index.js';
import { call } from '../core/call.js';
import type { NameChecks, NameKind } from '../resources/context.js';
import { NotFoundError } from '../core/errors.js';
import { listModels, resolveModelIn } from '../resources/models.js';
import { closestNames } from '@sdwebui/internal/closest-names';

/** A server list: whether it accepts a name, and the names to suggest. */
interface NameList {
  accepts(name: string): boolean;
  names: string[];
}

const exactly = (names: string[], extra: string[] = []): NameList => {
  const all = new Set([...names, ...extra]);
  return { accepts: (name) => all.has(name), names: [...all] };
};

/** Samplers and schedulers are looked up case-insensitively by the webui, by name or alias. */
const ignoringCase = (names: string[]): NameList => {
  const all = new Set(names.map((name) => name.toLowerCase()));
  return { accepts: (name) => all.has(name.toLowerCase()), names };
};

const names = (items: Array<{ name?: unknown }>) => items.map((item) => String(item.name));

async function fetchList(ctx: SdkCallContext, kind: NameKind): Promise<NameList> {
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
      return exactly(
        (await call(ctx, 'GET /sdapi/v1/sd-vae', {})).map((vae) => vae.model_name),
        ['Automatic', 'None'],
      );
    case 'sampler': {
      const samplers = await call(ctx, 'GET /sdapi/v1/samplers', {});
      const labels = await schedulerLabels(ctx);
      // 1.10 also takes "DPM++ 2M Karras": a sampler name followed by a scheduler label.
      const plain = samplers.flatMap((sampler) => [sampler.name, ...(sampler.aliases ?? [])]);
      return ignoringCase([
        ...plain,
        ...samplers.flatMap((sampler) => labels.map((label) => `${sampler.name} ${label}`)),
      ]);
    }
    case 'scheduler': {
      const schedulers = await call(ctx, 'GET /sdapi/v1/schedulers', {});
      return ignoringCase(schedulers.flatMap((item) => [item.name, item.label, ...(item.aliases ?? [])]));
    }
    case 'upscaler':
      return exactly(names(await call(ctx, 'GET /sdapi/v1/upscalers', {})), ['None']);
    case 'hires-upscaler': {
      const [upscalers, latent] = await Promise.all([
        call(ctx, 'GET /sdapi/v1/upscalers', {}),
        call(ctx, 'GET /sdapi/v1/latent-upscale-modes', {}),
      ]);
      return exactly([...names(latent), ...names(upscalers)], ['None']);
    }
  }
}

async function schedulerLabels(ctx: SdkCallContext): Promise<string[]> {
  try {
    return (await call(ctx, 'GET /sdapi/v1/schedulers', {})).map((item) => item.label);
  } catch (error) {
    if (error instanceof NotFoundError) return [];
    throw error;
  }
}

const WHERE: Record<NameKind, string> = {
  model: 'client.listModels()',
  vae: "the server's VAE list (GET /sdapi/v1/sd-vae)",
  sampler: 'client.samplers()',
  scheduler: 'client.schedulers()',
  upscaler: 'client.upscalers()',
  'hires-upscaler': 'client.upscalers() or GET /sdapi/v1/latent-upscale-modes',
};

/**
 * Checks names against the server's lists before they are sent: the webui silently replaces
 * an unknown model, sampler, scheduler or VAE with its default. Lists are cached and read
 * again once when a name is missing (a folder may have been refreshed).
 */
export function createNameChecks(ctx: SdkCallContext, enabled: boolean): NameChecks {
  const cache = new Map<NameKind, Promise<NameList>>();
  const load = (kind: NameKind, fresh: boolean) => {
    let list = cache.get(kind);
    if (fresh || list === undefined) {
      list = fetchList(ctx, kind);
      cache.set(kind, list);
      list.catch(() => cache.delete(kind));
    }
    return list;
  };
  return {
    enabled,
    async check(kind, name) {
      const cached = cache.has(kind);
      let list = await load(kind, false);
      // A list read for this very check is fresh; an older one is read again once.
      if (!list.accepts(name) && cached) list = await load(kind, true);
      if (list.accepts(name)) return;
      const suggestions = closestNames(name, list.names);
      throw new NotFoundError(
        `unknown ${kind} "${name}": the server lists none by that name` +
          `${suggestions.length ? `; closest: ${suggestions.join(', ')}` : ''}; pick a name from ${WHERE[kind]}` +
          ' (checkNames: false sends names unchecked)',
        404,
        null,
        `check ${kind}`,
        'unknown-name',
        suggestions,
      );
    },
  };
}
