import { httpException } from '../errors/index.js';
import type { Profile } from '../profiles/index.js';
import type { SchedulerItem } from './data.js';

export interface ResolvedSampler {
  /** The sampler as `info.sampler_name` reports it. */
  sampler: string;
  /** `Schedule type` for the infotext (1.9+), or undefined before schedulers existed. */
  scheduleType?: string;
}

function findScheduler(schedulers: readonly SchedulerItem[], text: string): SchedulerItem | undefined {
  const lower = text.toLowerCase();
  return schedulers.find(
    (item) =>
      item.name === lower ||
      item.label.toLowerCase() === lower ||
      (item.aliases ?? []).some((alias) => alias.toLowerCase() === lower),
  );
}

/**
 * Resolves `sampler_name or sampler_index` (+ `scheduler`) as the profile's webui does:
 * - up to 1.9, the name must exist in the list, else 404 "Sampler not found";
 * - 1.10 strips a trailing scheduler (`DPM++ 2M Karras` → `DPM++ 2M` + Karras), silently falls
 *   back to the first sampler for unknown names, and reports `Automatic` as the sampler's own
 *   default scheduler label.
 */
export function resolveSampler(profile: Profile, requested: string, scheduler: string | null): ResolvedSampler {
  const byName = (name: string) => profile.samplers.find((item) => item.name === name || item.aliases.includes(name));
  if (profile.samplerResolution === 'exact') {
    const found = profile.samplers.find((item) => item.name === requested);
    if (found === undefined) throw httpException(404, 'Sampler not found');
    return { sampler: found.name };
  }
  const schedulers = profile.schedulers ?? [];
  let name = requested;
  let scheduleText = scheduler ?? '';
  if (byName(name) === undefined) {
    for (const item of schedulers) {
      for (const suffix of [item.label, item.name, ...(item.aliases ?? [])]) {
        if (name.endsWith(` ${suffix}`)) {
          name = name.slice(0, -suffix.length - 1);
          if (scheduleText === '') scheduleText = item.label;
        }
      }
    }
  }
  const sampler = byName(name) ?? (profile.samplers[0] as NonNullable<ReturnType<typeof byName>>);
  let schedule = findScheduler(schedulers, scheduleText || 'automatic') ?? findScheduler(schedulers, 'automatic');
  if (schedule?.name === sampler.options.scheduler) schedule = findScheduler(schedulers, 'automatic');
  const label =
    schedule?.name === 'automatic' && sampler.options.scheduler
      ? (findScheduler(schedulers, sampler.options.scheduler)?.label ?? 'Automatic')
      : (schedule?.label ?? 'Automatic');
  return { sampler: sampler.name, scheduleType: label };
}
