import type { SdkCallContext } from '../operations/index.js';
import { call, type CallOptions } from '../core/call.js';
import { ApiError, AuthError } from '../core/errors.js';
import { TARGET_FEATURES, type Fork, type ServerFeatures } from '../raw-client/features.js';

export interface ServerProfile {
  /** `v1.10.1`, a Forge version string, SD.Next's `sd.next <date> <commit>`, or null when the server does not say. */
  version: string | null;
  fork: Fork;
  /** Installed extensions (names), when the server lists them (1.7+). */
  extensions: string[];
  /** Every `METHOD /path` the server's `/openapi.json` declares. */
  routes: string[];
  /** What the client adapts to. */
  features: ServerFeatures;
}

/** A probe whose route may be missing: an error status leaves its part empty; auth and network errors count. */
type Probe = 'GET /internal/sysinfo' | 'GET /sdapi/v1/version' | 'GET /sdapi/v1/extensions' | 'GET /openapi.json';

async function probe(ctx: SdkCallContext, operation: Probe, options: CallOptions | undefined): Promise<unknown> {
  try {
    return await call(ctx, operation, {}, options);
  } catch (error) {
    if (error instanceof ApiError && !(error instanceof AuthError)) return undefined;
    throw error;
  }
}

/**
 * The fork from its version string (EXTENSIONS.md §3.6, §4): Forge `f2.0.1v1.10.1-…` (`f` + its
 * version + the A1111 tag), reForge `f1.0.0v2-v1.10.1RC-…` (its own `v2` before the A1111 tag).
 * reForge keeps A1111's routes (`/sd-vae`), Forge replaced it with `/sd-modules`: the routes decide
 * when they are known.
 */
export function forkOf(version: string | null, routes: readonly string[] = []): Fork {
  if (version === null) return 'unknown';
  if (/^f\d/.test(version)) {
    if (routes.includes('GET /sdapi/v1/sd-modules')) return 'forge';
    if (routes.includes('GET /sdapi/v1/sd-vae')) return 'reforge';
    return /^f[\d.]+v\d+-v\d/.test(version) ? 'reforge' : 'forge';
  }
  if (/^v?1\.\d+/.test(version)) return 'a1111';
  return 'unknown';
}

/**
 * SD.Next's `/sdapi/v1/version` (installer.get_version(): `{app: "sd.next", updated, commit, …}`), as
 * `sd.next 2026-07-23 058a7f0cf`; undefined for any other answer (A1111 has no such route). The route
 * and its `app` decide, not a guess from the routes: SD.Next serves no `/internal/sysinfo`.
 */
function sdnextVersion(answer: unknown): string | undefined {
  const { app, updated, commit } = (answer ?? {}) as Record<string, unknown>;
  if (typeof app !== 'string' || !/^sd\.?next$/i.test(app)) return undefined;
  return [app, updated, commit].filter((part) => typeof part === 'string' && part.length <= 80).join(' ');
}

/**
 * Probes what the server is: `/internal/sysinfo` (version), `/sdapi/v1/version` (SD.Next),
 * `/sdapi/v1/extensions`, and `/openapi.json` (routes and fields), through the same request
 * loop as every call (timeouts, retries, typed errors).
 */
export async function detect(ctx: SdkCallContext, options?: CallOptions): Promise<ServerProfile> {
  const [sysinfo, sdnext, extensions, spec] = await Promise.all([
    probe(ctx, 'GET /internal/sysinfo', options),
    probe(ctx, 'GET /sdapi/v1/version', options),
    probe(ctx, 'GET /sdapi/v1/extensions', options),
    probe(ctx, 'GET /openapi.json', options),
  ]);
  const reported = (sysinfo as { Version?: unknown } | undefined)?.Version;
  const sdnextVersionText = sdnextVersion(sdnext);
  const version = typeof reported === 'string' ? reported : (sdnextVersionText ?? null);
  const document = spec as
    | { paths?: Record<string, object>; components?: { schemas?: Record<string, unknown> } }
    | undefined;
  const routes = Object.entries(document?.paths ?? {}).flatMap(([path, item]) =>
    Object.keys(item).map((method) => `${method.toUpperCase()} ${path}`),
  );
  const txt2img = JSON.stringify(document?.components?.schemas?.StableDiffusionProcessingTxt2Img ?? {});
  const internalProgress = routes.includes('POST /internal/progress');
  const fork = sdnextVersionText !== undefined ? 'sdnext' : forkOf(version, routes);
  return {
    version,
    fork,
    extensions: Array.isArray(extensions) ? extensions.map((item: { name?: unknown }) => String(item.name)) : [],
    routes,
    // SD.Next's API is its own: its features are the sdnext target's, whatever names its schemas share.
    features:
      fork === 'sdnext'
        ? { ...TARGET_FEATURES.sdnext, internalProgress }
        : {
            schedulers: routes.includes('GET /sdapi/v1/schedulers') || txt2img.includes('"scheduler"'),
            taskIds: internalProgress && txt2img.includes('"force_task_id"'),
            internalProgress,
            fork,
          },
  };
}
