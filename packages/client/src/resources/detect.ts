import type { ClientContext } from '../core/context.js';
import { ConnectionError } from '../core/errors.js';

export type Fork = 'a1111' | 'forge' | 'sdnext' | 'unknown';

export interface ServerProfile {
  /** `v1.10.1`, a Forge version string, or null when the server does not say. */
  version: string | null;
  fork: Fork;
  /** Installed extensions (names), when the server lists them (1.7+). */
  extensions: string[];
  /** Every `METHOD /path` the server's `/openapi.json` declares. */
  routes: string[];
  /** What the client adapts to. */
  features: {
    /** `scheduler` is a separate field (1.9+); before, it is part of the sampler name. */
    schedulers: boolean;
    /** `force_task_id` + `/internal/progress` per-task progress (1.8+, webui mode). */
    taskIds: boolean;
    /** `/internal/progress` exists (not in `--nowebui` mode). */
    internalProgress: boolean;
  };
}

async function getJson(ctx: ClientContext, path: string): Promise<unknown> {
  try {
    const { data, response } = await ctx.raw.GET(path as never, {} as never);
    return response.ok ? data : undefined;
  } catch (error) {
    throw new ConnectionError(ctx.settings.baseUrl, undefined, { cause: error });
  }
}

export function forkOf(version: string | null): Fork {
  if (version === null) return 'unknown';
  if (/^f\d/.test(version)) return 'forge';
  if (/^v?1\.\d+/.test(version)) return 'a1111';
  return 'unknown';
}

/**
 * Probes what the server is: `/internal/sysinfo` (version), `/sdapi/v1/version` (SD.Next),
 * `/sdapi/v1/extensions`, and `/openapi.json` (routes and fields). Unreachable servers throw
 * `ConnectionError`; missing routes just leave their part empty.
 */
export async function detect(ctx: ClientContext): Promise<ServerProfile> {
  const [sysinfo, sdnext, extensions, spec] = await Promise.all([
    getJson(ctx, '/internal/sysinfo'),
    getJson(ctx, '/sdapi/v1/version'),
    getJson(ctx, '/sdapi/v1/extensions'),
    getJson(ctx, '/openapi.json'),
  ]);
  const version = typeof (sysinfo as { Version?: unknown })?.Version === 'string' ? (sysinfo as { Version: string }).Version : null;
  const paths = ((spec as { paths?: Record<string, Record<string, unknown>> })?.paths ?? {}) as Record<string, Record<string, unknown>>;
  const routes = Object.entries(paths).flatMap(([path, item]) => Object.keys(item).map((method) => `${method.toUpperCase()} ${path}`));
  const txt2img = JSON.stringify((spec as { components?: { schemas?: Record<string, unknown> } })?.components?.schemas?.StableDiffusionProcessingTxt2Img ?? {});
  const internalProgress = routes.includes('POST /internal/progress');
  return {
    version,
    fork: sdnext !== undefined ? 'sdnext' : forkOf(version),
    extensions: Array.isArray(extensions) ? extensions.map((item: { name?: unknown }) => String(item.name)) : [],
    routes,
    features: {
      schedulers: routes.includes('GET /sdapi/v1/schedulers') || txt2img.includes('"scheduler"'),
      taskIds: internalProgress && txt2img.includes('"force_task_id"'),
      internalProgress,
    },
  };
}

