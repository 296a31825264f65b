/**
 * Request shapes per fork (EXTENSIONS.md §3, §4). Forge and reForge take fields A1111 ignores,
 * and change defaults A1111 clients rely on; a field a server would ignore fails here, naming
 * the fork, instead of being dropped without a word.
 */
import { UnsupportedError } from '../core/errors.js';
import type { Fork } from '../raw-client/features.js';
import type { ClientContext } from '../resources/context.js';
import { FORGE_FIELDS, type ForkShape as Shape, vaeOf } from './fields.js';

const FORK_NAMES: Record<Fork, string> = {
  a1111: 'AUTOMATIC1111 webui',
  forge: 'Forge',
  reforge: 'reForge',
  sdnext: 'SD.Next',
  unknown: 'this server',
};

/** The fork as people call it, for messages. */
const forkName = (fork: Fork): string => FORK_NAMES[fork];

/** Which Forge fields each fork reads. */
const READS: Record<Fork, ReadonlySet<string>> = {
  a1111: new Set(),
  forge: new Set(FORGE_FIELDS),
  reforge: new Set(['hr_cfg']),
  sdnext: new Set(),
  unknown: new Set(FORGE_FIELDS),
};

/**
 * The request as this fork needs it:
 * - Forge and reForge run the hires pass at `hr_cfg` (default 1.0, which also drops the negative
 *   prompt); A1111 reuses `cfg_scale`. Left out, `hr_cfg` is sent as `cfg_scale` (7 if unset).
 * - Forge fails hires fix with a 500 when `hr_additional_modules` is missing; left out, it is
 *   sent as `['Use same choices']` (keep the first pass's modules).
 * - A Forge field the fork would ignore is an `UnsupportedError` naming the fork; so is a VAE for
 *   Forge, which takes VAEs as modules, and a scheduler for SD.Next, which has no such field.
 */
export function adaptToFork<T extends Shape>(params: T, fork: Fork): T {
  const fields = params as Record<string, unknown>;
  const ignored = [...READS.forge].filter((key) => fields[key] != null && !READS[fork].has(key));
  if (ignored.length > 0) {
    throw new UnsupportedError(
      `${ignored.join(', ')}: ${forkName(fork)} does not read ${ignored.length > 1 ? 'these fields' : 'this field'} ` +
        `(Forge only${ignored.every((key) => key === 'hr_cfg') ? '' : '; reForge reads hr_cfg'}); ` +
        'leave it out, or point the client at a Forge server',
      fork,
    );
  }
  if (fork === 'sdnext' && (params.scheduler != null || params.hr_scheduler != null)) {
    throw new UnsupportedError(
      'scheduler: SD.Next has no scheduler field; its samplers are diffusers schedulers: give one of ' +
        'client.samplers() as sampler_name (its sigmas and spacing are the schedulers_* fields of target "sdnext")',
      fork,
    );
  }
  if (fork === 'forge' && vaeOf(params) != null) {
    throw new UnsupportedError(
      'Forge chooses the VAE through override_settings.forge_additional_modules (file names from ' +
        'GET /sdapi/v1/sd-modules), not sd_vae / the vae option, which it ignores',
      fork,
    );
  }
  if (params.enable_hr !== true || (fork !== 'forge' && fork !== 'reforge')) return params;
  const adapted: Shape = { ...params };
  if (adapted.hr_cfg == null) adapted.hr_cfg = adapted.cfg_scale ?? 7;
  if (fork === 'forge' && adapted.hr_additional_modules == null) adapted.hr_additional_modules = ['Use same choices'];
  return adapted as T;
}

/** The request for the server's fork: `adaptToFork`, then, for SD.Next, its checkpoint by title. */
export async function shapeForFork<T extends Shape>(ctx: ClientContext, params: T): Promise<T> {
  const { fork } = await ctx.features.get();
  const adapted = adaptToFork(params, fork);
  if (fork !== 'sdnext') return adapted;
  return (await import('./sdnext/request.js')).checkpointByTitle(ctx, adapted);
}
