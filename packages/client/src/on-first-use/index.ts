/**
 * Parts of the client a first call seldom needs, loaded the first time one is used: a browser app
 * that never names a script, checks a name, detects the server or switches models in sticky mode
 * does not ship them in its entry chunk (bench: `createWebuiClient` entry ≤ 8 KB gzip).
 */
import type { CallOptions } from '../core/call.js';
import type { SdkCallContext } from '../operations/index.js';
import type { ClientContext, NameChecks } from '../resources/context.js';
import type { ServerProfile } from '../resources/detect.js';
import type { ScriptChecks } from '../scripts/index.js';

/** Loads once, shared by concurrent first users; a failed load is tried again next time. */
function once<T>(load: () => Promise<T>): () => Promise<T> {
  let loading: Promise<T> | undefined;
  return () => {
    loading ??= load();
    loading.catch(() => {
      loading = undefined;
    });
    return loading;
  };
}

/** Name checks (`names/`), loaded the first time a request names a model, sampler, VAE… */
export function lazyNameChecks(ctx: SdkCallContext & Pick<ClientContext, 'features'>, enabled: boolean): NameChecks {
  const checks = once(async () => (await import('../names/index.js')).createNameChecks(ctx, enabled));
  return {
    enabled,
    check: async (kind, name) => (await checks()).check(kind, name),
    checkAll: async (what, body) => (await checks()).checkAll(what, body),
  };
}

/** Script checks (`scripts/`), loaded the first time a request names a script. */
export function lazyScriptChecks(ctx: SdkCallContext, enabled: boolean): ScriptChecks {
  const checks = once(async () => (await import('../scripts/index.js')).createScriptChecks(ctx, enabled));
  return { enabled, check: async (runner, use) => (await checks()).check(runner, use) };
}

/** `detect()` (`resources/detect.ts`), loaded when the server's release must be found out. */
export async function detectServer(ctx: SdkCallContext, options?: CallOptions): Promise<ServerProfile> {
  return (await import('../resources/detect.js')).detect(ctx, options);
}

/** Sticky model mode (`resources/sticky-model.ts`), loaded on the first generation that names a model. */
export function lazyStickyModel(ctx: ClientContext) {
  const sticky = once(async () => new (await import('../resources/sticky-model.js')).StickyModel(ctx));
  return { run: async <T>(model: string, work: () => Promise<T>): Promise<T> => (await sticky()).run(model, work) };
}
