import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { OpenApiDocument } from '../document/index.js';
import { loadOverlays } from '../overlay/index.js';

/** The monorepo root, for tests that read the committed `spec/` folder. */
const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));

export const repoPath = (...parts: string[]): string => join(repoRoot, ...parts);

export const TARGETS = ['a1111-1.4', 'a1111-1.7', 'a1111-1.10'] as const;

export async function readJson<T = unknown>(path: string): Promise<T> {
  return JSON.parse(await readFile(path, 'utf8')) as T;
}

export const readRaw = (target: string): Promise<OpenApiDocument> =>
  readJson(repoPath('spec', target, 'openapi.raw.json'));

export const readNormalized = (target: string): Promise<OpenApiDocument> =>
  readJson(repoPath('spec', target, 'openapi.json'));

export const repoOverlays = () => loadOverlays(repoPath('spec', 'overlays'));
