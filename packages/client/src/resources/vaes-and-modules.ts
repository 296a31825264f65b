/**
 * The VAE list (A1111, reForge: `/sdapi/v1/sd-vae`) and Forge's module list (`/sdapi/v1/sd-modules`,
 * VAE and text-encoder files, which Forge has in place of the VAE list). Asking a server for the
 * other fork's list is an `UnsupportedError` that names the call to use instead.
 */
import { call, type CallOptions } from '../core/call.js';
import { NotFoundError, UnsupportedError } from '../core/errors.js';
import type { components } from '../generated/a1111-1.10.js';
import type { components as Forge2 } from '../generated/forge-2.js';
import type { OperationKey } from '../operations/index.js';
import type { Fork } from '../raw-client/features.js';
import type { ClientContext } from './context.js';

/** A VAE: `model_name` is what `sd_vae` (and the `vae` option) takes. */
export type Vae = components['schemas']['SDVaeItem'];
/** A Forge module: `model_name` (the file name) is what `forge_additional_modules` takes. */
export type ForgeModule = Forge2['schemas']['SDModuleItem'];

/** The fork, when it is known or can be detected; the message must not fail for another reason. */
const forkOf = (ctx: ClientContext): Promise<Fork> =>
  ctx.features.get().then(
    (features) => features.fork,
    () => 'unknown' as const,
  );

/** Runs `read`; a 404 on a server of another fork becomes an `UnsupportedError` saying what to call. */
async function listOf<T>(
  ctx: ClientContext,
  operation: OperationKey,
  read: () => Promise<T>,
  wrongFork: (fork: Fork) => string | undefined,
): Promise<T> {
  try {
    return await read();
  } catch (error) {
    if (!(error instanceof NotFoundError) || error.status !== 404) throw error;
    const fork = await forkOf(ctx);
    const advice = wrongFork(fork);
    if (advice === undefined) throw error;
    throw new UnsupportedError(`${operation}: ${advice}`, fork);
  }
}

/** The VAEs (`sd_vae` values besides `Automatic` and `None`). Forge has none: it takes VAEs as modules. */
export function vaes(ctx: ClientContext, options?: CallOptions): Promise<Vae[]> {
  return listOf(
    ctx,
    'GET /sdapi/v1/sd-vae',
    () => call(ctx, 'GET /sdapi/v1/sd-vae', {}, options),
    (fork) =>
      fork === 'forge'
        ? 'Forge has no VAE list: it takes VAEs and text encoders as modules (client.modules(), ' +
          'override_settings.forge_additional_modules)'
        : undefined,
  );
}

/** Forge's modules: the VAE and text-encoder files `forge_additional_modules` takes. Forge only. */
export async function modules(ctx: ClientContext, options?: CallOptions): Promise<ForgeModule[]> {
  const list = await listOf(
    ctx,
    'GET /sdapi/v1/sd-modules',
    () => call(ctx, 'GET /sdapi/v1/sd-modules', {}, options),
    (fork) =>
      fork === 'forge'
        ? undefined
        : `modules are Forge's (its VAE and text-encoder files); this server is ${fork === 'unknown' ? 'not Forge' : fork}: ` +
          'its VAEs are client.vaes()',
  );
  // Outside the A1111 spec the request loop is typed from: only entries of the documented shape pass.
  return (list as unknown[]).filter(
    (item): item is ForgeModule =>
      typeof (item as ForgeModule)?.model_name === 'string' && typeof (item as ForgeModule)?.filename === 'string',
  );
}
