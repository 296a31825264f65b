import type { ClientContext } from '../core/context.js';
import { NotFoundError } from '../core/errors.js';
import { callApi, type CallOptions } from '../core/request.js';
import type { components } from '../generated/a1111-1.10.js';

type Schemas = components['schemas'];

/** A checkpoint, with the names the webui accepts for it. */
export interface Model {
  /** `name.safetensors [hash]`, what `sd_model_checkpoint` reports. */
  title: string;
  /** The file name without extension (subfolders joined with `_`). */
  name: string;
  /** 10-character short hash, null until the server has hashed the file. */
  hash: string | null;
  sha256: string | null;
  /** Absolute path on the server. */
  filename: string;
}

export type ModelMatch = 'title' | 'name' | 'file' | 'basename' | 'hash' | 'sha256';

export interface ResolvedModel {
  model: Model;
  /** Which of the model's names the query equalled. */
  matchedBy: ModelMatch;
}

const get = <T>(ctx: ClientContext, operation: string, send: (signal: AbortSignal | undefined) => Promise<{ data?: T; error?: unknown; response: Response }>, options: CallOptions = {}) =>
  callApi<T>(ctx.settings, operation, send, { ...options, idempotent: true });

export async function listModels(ctx: ClientContext, options?: CallOptions): Promise<Model[]> {
  const items = await get(ctx, 'GET /sdapi/v1/sd-models', (signal) => ctx.raw.GET('/sdapi/v1/sd-models', { signal }), options);
  return items.map((item: Schemas['SDModelItem']) => ({
    title: item.title,
    name: item.model_name,
    hash: item.hash ?? null,
    sha256: item.sha256 ?? null,
    filename: item.filename,
  }));
}

/** The file name relative to the models folder, as in the title (`SDXL/x.safetensors`). */
const fileOf = (model: Model) => model.title.replace(/ \[[0-9a-f]+\]$/, '');

/**
 * Finds the checkpoint a name refers to, by exact match only, in the order the webui checks
 * its aliases: title, file name with extension, name, basename without extension, short hash,
 * sha256. Never a fuzzy pick: an unknown name throws `NotFoundError` listing the titles.
 */
export function resolveModelIn(models: readonly Model[], query: string): ResolvedModel {
  const checks: Array<[ModelMatch, (model: Model) => string | null]> = [
    ['title', (model) => model.title],
    ['file', fileOf],
    ['name', (model) => model.name],
    ['basename', (model) => (fileOf(model).split(/[/\\]/).pop() as string).replace(/\.[^.]+$/, '')],
    ['hash', (model) => model.hash],
    ['sha256', (model) => model.sha256],
  ];
  for (const [matchedBy, key] of checks) {
    const model = models.find((candidate) => key(candidate) === query);
    if (model) return { model, matchedBy };
  }
  throw new NotFoundError(`no checkpoint is called "${query}"; known: ${models.map((model) => model.title).join(', ')}`, 404, null, 'resolveModel');
}

export const samplers = (ctx: ClientContext, options?: CallOptions) =>
  get(ctx, 'GET /sdapi/v1/samplers', (signal) => ctx.raw.GET('/sdapi/v1/samplers', { signal }), options);

export const upscalers = (ctx: ClientContext, options?: CallOptions) =>
  get(ctx, 'GET /sdapi/v1/upscalers', (signal) => ctx.raw.GET('/sdapi/v1/upscalers', { signal }), options);

export const loras = (ctx: ClientContext, options?: CallOptions) =>
  get(ctx, 'GET /sdapi/v1/loras', (signal) => ctx.raw.GET('/sdapi/v1/loras', { signal }), options);

export const styles = (ctx: ClientContext, options?: CallOptions) =>
  get(ctx, 'GET /sdapi/v1/prompt-styles', (signal) => ctx.raw.GET('/sdapi/v1/prompt-styles', { signal }), options);

export const memory = (ctx: ClientContext, options?: CallOptions) =>
  get(ctx, 'GET /sdapi/v1/memory', (signal) => ctx.raw.GET('/sdapi/v1/memory', { signal }), options);

/** Schedulers (1.9.1+); older servers have none and give `[]`. */
export async function schedulers(ctx: ClientContext, options?: CallOptions): Promise<Schemas['SchedulerItem'][]> {
  try {
    return await get(ctx, 'GET /sdapi/v1/schedulers', (signal) => ctx.raw.GET('/sdapi/v1/schedulers', { signal }), options);
  } catch (error) {
    if (error instanceof NotFoundError) return [];
    throw error;
  }
}

/** Embeddings as lists, each with its name (the webui keys them by name). */
export async function embeddings(ctx: ClientContext, options?: CallOptions) {
  const result = await get(ctx, 'GET /sdapi/v1/embeddings', (signal) => ctx.raw.GET('/sdapi/v1/embeddings', { signal }), options);
  const list = (items: Record<string, Schemas['EmbeddingItem']>) => Object.entries(items).map(([name, item]) => ({ name, ...item }));
  return { loaded: list(result.loaded), skipped: list(result.skipped) };
}

export type RefreshTarget = 'checkpoints' | 'vae' | 'embeddings' | 'loras';

/** Re-scans a model folder on the server (the webui's refresh buttons). */
export async function refresh(ctx: ClientContext, what: RefreshTarget, options?: CallOptions): Promise<void> {
  const path = `/sdapi/v1/refresh-${what}` as const;
  await callApi(ctx.settings, `POST ${path}`, (signal) => ctx.raw.POST(path, { signal }), { ...options, idempotent: true });
}
