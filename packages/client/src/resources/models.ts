import type { SdkCallContext } from '../operations/index.js';
import { call, type CallOptions } from '../core/call.js';
import { BadResponseError, NotFoundError } from '../core/errors.js';
import type { ClientContext } from './context.js';
import type { components } from '../generated/a1111-1.10.js';
import { closestNames } from '@sdwebui/internal/closest-names';

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

export async function listModels(ctx: SdkCallContext, options?: CallOptions): Promise<Model[]> {
  const items = await call(ctx, 'GET /sdapi/v1/sd-models', {}, options);
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
 * sha256. Never a fuzzy pick: an unknown name throws `NotFoundError` naming the closest titles.
 */
export function resolveModelIn(models: readonly Model[], query: string): ResolvedModel {
  // Called from JavaScript too: a missing name is a typed error, not a TypeError from deep inside.
  if (typeof query !== 'string') {
    throw new NotFoundError(
      `resolveModel: a checkpoint name is a string, got ${query === null ? 'null' : typeof query}`,
      404,
      null,
      'resolveModel',
      'unknown-name',
      [],
      'model',
      String(query),
    );
  }
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
  const titles = models.map((model) => model.title);
  const suggestions = closestNames(query, titles);
  throw new NotFoundError(
    `no checkpoint is called "${query}"; closest: ${suggestions.join(', ') || '(none installed)'}`,
    404,
    null,
    'resolveModel',
    'unknown-name',
    suggestions,
    'model',
    query,
  );
}

export const samplers = (ctx: SdkCallContext, options?: CallOptions) =>
  call(ctx, 'GET /sdapi/v1/samplers', {}, options);

export const upscalers = (ctx: SdkCallContext, options?: CallOptions) =>
  call(ctx, 'GET /sdapi/v1/upscalers', {}, options);

export const loras = (ctx: SdkCallContext, options?: CallOptions) => call(ctx, 'GET /sdapi/v1/loras', {}, options);

export const styles = (ctx: SdkCallContext, options?: CallOptions) =>
  call(ctx, 'GET /sdapi/v1/prompt-styles', {}, options);

export const memory = (ctx: SdkCallContext, options?: CallOptions) => call(ctx, 'GET /sdapi/v1/memory', {}, options);

/**
 * Schedulers (1.9.1+); older servers have none and give `[]`. So does SD.Next, without asking: its
 * samplers are diffusers schedulers and a request has no `scheduler` field (its own
 * `/sdapi/v1/schedulers` lists the samplers' classes and, at 058a7f0, fails with a 500).
 */
export async function schedulers(ctx: ClientContext, options?: CallOptions): Promise<Schemas['SchedulerItem'][]> {
  if ((await ctx.features.get()).fork === 'sdnext') return [];
  try {
    return await call(ctx, 'GET /sdapi/v1/schedulers', {}, options);
  } catch (error) {
    if (error instanceof NotFoundError) return [];
    throw error;
  }
}

/** An embedding: its name (the word in a prompt) and, on A1111 and Forge, its details (SD.Next lists names only). */
export type Embedding = { name: string } & Partial<Schemas['EmbeddingItem']>;

/** Embeddings as lists, each with its name (A1111 keys them by name; SD.Next sends lists of names). */
export async function embeddings(
  ctx: SdkCallContext,
  options?: CallOptions,
): Promise<{ loaded: Embedding[]; skipped: Embedding[] }> {
  const result: { loaded?: unknown; skipped?: unknown } = await call(ctx, 'GET /sdapi/v1/embeddings', {}, options);
  const list = (items: unknown, field: string): Embedding[] => {
    if (Array.isArray(items)) return items.map((name) => ({ name: String(name) }));
    if (items === null || typeof items !== 'object')
      throw new BadResponseError('GET /sdapi/v1/embeddings', 200, `"${field}" is neither a list nor an object`);
    return Object.entries(items as Record<string, Schemas['EmbeddingItem']>).map(([name, item]) => ({ name, ...item }));
  };
  return { loaded: list(result.loaded, 'loaded'), skipped: list(result.skipped, 'skipped') };
}

export type RefreshTarget = 'checkpoints' | 'vae' | 'embeddings' | 'loras';

/** Re-scans a model folder on the server (the webui's refresh buttons). */
export async function refresh(ctx: SdkCallContext, what: RefreshTarget, options?: CallOptions): Promise<void> {
  await call(ctx, `POST /sdapi/v1/refresh-${what}`, {}, options);
}
