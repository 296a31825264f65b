import type { WebuiClient } from '@sdwebui/client';
import { didYouMean } from '../close-matches/index.js';
import { UsageError } from '../errors.js';

/** What the webui knows a name by, and the command that lists them. */
interface NameCheck {
  flag: string;
  value: string;
  known: () => Promise<readonly string[] | undefined>;
  what: string;
  list: string;
  /** Accepts names the exact list does not hold (`DPM++ 2M Karras` on 1.10). */
  also?: (value: string) => Promise<boolean>;
}

async function check({ flag, value, known, what, list, also }: NameCheck): Promise<void> {
  const names = await known();
  // An empty or unavailable list (an older webui, a route it lacks) cannot prove a name wrong.
  if (names === undefined || names.length === 0) return;
  const lower = value.toLowerCase();
  if (names.some((name) => name.toLowerCase() === lower) || (also !== undefined && (await also(value)))) return;
  throw new UsageError(
    `${flag} "${value}" is not ${what} on this webui${didYouMean(value, names)} (\`sdwebui ${list}\` lists them)`,
  );
}

const rawNames = async (load: () => Promise<{ data?: unknown }>, field: string): Promise<string[] | undefined> => {
  try {
    const { data } = await load();
    return Array.isArray(data) ? data.map((item: Record<string, unknown>) => String(item[field])) : undefined;
  } catch {
    return undefined;
  }
};

/**
 * Checks names a person typed against the webui's lists before anything is generated, so a typo
 * fails in one line with close matches instead of silently using a default. Returns the model's
 * exact title when `--model` gave another of its names.
 */
export async function checkNames(
  client: WebuiClient,
  names: {
    model?: string;
    sampler?: string;
    scheduler?: string;
    vae?: string;
    hiresUpscaler?: string;
    upscaler?: string;
  },
): Promise<{ model?: string }> {
  const schedulerNames = async () =>
    (await client.schedulers()).flatMap((item) => [item.label, item.name, ...(item.aliases ?? [])]);
  const checks: NameCheck[] = [];
  let model: string | undefined;
  if (names.model !== undefined) {
    const query = names.model;
    checks.push({
      flag: '--model',
      value: query,
      what: 'a checkpoint',
      list: 'models',
      known: async () => {
        const models = await client.listModels();
        const { resolveModelIn } = await import('@sdwebui/client');
        try {
          model = resolveModelIn(models, query).model.title;
        } catch {
          return models.map((item) => item.title);
        }
        return undefined;
      },
    });
  }
  if (names.sampler !== undefined) {
    checks.push({
      flag: '--sampler',
      value: names.sampler,
      what: 'a sampler',
      list: 'samplers',
      known: async () => (await client.samplers()).map((item) => item.name),
      // Aliases (`k_euler`) count but are not suggested; 1.10 also takes `<sampler> <scheduler>` in one name.
      also: async (value) => {
        const [samplers, schedulers] = await Promise.all([client.samplers(), schedulerNames()]);
        const lower = value.toLowerCase();
        return samplers.some(
          (item) =>
            item.aliases.some((alias) => alias.toLowerCase() === lower) ||
            schedulers.some((scheduler) => lower === `${item.name} ${scheduler}`.toLowerCase()),
        );
      },
    });
  }
  if (names.scheduler !== undefined) {
    checks.push({
      flag: '--scheduler',
      value: names.scheduler,
      what: 'a scheduler',
      list: 'schedulers',
      known: schedulerNames,
    });
  }
  if (names.vae !== undefined) {
    checks.push({
      flag: '--vae',
      value: names.vae,
      what: 'a VAE',
      list: 'vaes',
      known: async () => {
        const vaes = await rawNames(() => client.raw.GET('/sdapi/v1/sd-vae'), 'model_name');
        return vaes === undefined ? undefined : ['Automatic', 'None', ...vaes];
      },
    });
  }
  for (const [flag, value, latent] of [
    ['--hires-upscaler', names.hiresUpscaler, true],
    ['--upscaler', names.upscaler, false],
  ] as const) {
    if (value === undefined) continue;
    checks.push({
      flag,
      value,
      what: 'an upscaler',
      list: 'upscalers',
      known: async () => {
        const upscalers = (await client.upscalers()).map((item) => item.name);
        const modes = latent
          ? ((await rawNames(() => client.raw.GET('/sdapi/v1/latent-upscale-modes'), 'name')) ?? [])
          : [];
        return [...upscalers, ...modes];
      },
    });
  }
  await Promise.all(checks.map(check));
  return model === undefined ? {} : { model };
}
