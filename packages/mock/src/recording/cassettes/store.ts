import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { isAtomicWriteTemp } from '@sdwebui/internal/atomic-write';
import type { PyJson } from '../../webui/python/index.js';
import { parsePythonJson } from '../../fastapi/python-json/parse.js';
import { isAssetName, mapStrings } from './assets.js';
import { readConfinedFile } from './confined-read.js';
import { ASSET_PREFIX, type Cassette, CassetteError } from './format.js';
import { checkedResponse } from './response-rules.js';

export { CassetteError };

/**
 * Removes the temporary files a killed recorder left in a cassette folder (and its `assets/`):
 * a SIGKILL between write and rename cannot clean up after itself, so the next start does.
 * Returns how many were removed.
 */
export async function removeStaleTemps(dir: string): Promise<number> {
  let removed = 0;
  for (const folder of [dir, join(dir, 'assets')]) {
    const entries = await readdir(folder, { withFileTypes: true }).catch(() => []);
    for (const entry of entries) {
      if (!entry.isFile() || !isAtomicWriteTemp(entry.name)) continue;
      await rm(join(folder, entry.name), { force: true });
      removed++;
    }
  }
  return removed;
}

/** Largest cassette file loaded (recordings hold their images as assets, so they stay small). */
const MAX_CASSETTE_BYTES = 64 * 1024 * 1024;
/** Largest asset file loaded: the size of the largest request body the mock accepts. */
export const MAX_ASSET_BYTES = 64 * 1024 * 1024;
/** Bytes read for one folder, cassettes and assets together. */
const MAX_FOLDER_BYTES = 512 * 1024 * 1024;
/**
 * Bytes of assets one recorded answer may hold once its references are resolved (an asset
 * referenced twice counts twice): the largest answer the recorder records.
 */
const MAX_RESOLVED_BYTES = MAX_CASSETTE_BYTES;
/** The same, for all the folder's answers together: what replay may hold encoded. */
const MAX_FOLDER_RESOLVED_BYTES = MAX_FOLDER_BYTES;

/**
 * Loads every `*.json` cassette of a folder (assets resolved), in file-name order. A cassette
 * folder is untrusted: every file read must really lie inside it (symlinks resolved), be a
 * regular file and fit the size caps; each error names the offending file.
 */
export async function loadCassettes(dir: string): Promise<Cassette[]> {
  let names: string[];
  try {
    names = (await readdir(dir)).filter((name) => name.endsWith('.json')).sort();
  } catch (error) {
    throw new CassetteError(
      `cannot read cassette folder ${dir}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
    );
  }
  let budget = MAX_FOLDER_BYTES;
  const read = async (name: string, maxBytes: number): Promise<Buffer> => {
    try {
      const bytes = await readConfinedFile(dir, name, Math.min(maxBytes, budget));
      budget -= bytes.length;
      return bytes;
    } catch (error) {
      const note = budget < maxBytes ? ` (the folder's ${MAX_FOLDER_BYTES}-byte total is nearly used)` : '';
      throw new CassetteError(`${(error as Error).message}${note}`);
    }
  };
  const assets = new Map<string, string>();
  let resolvedInFolder = 0;
  const cassettes: Cassette[] = [];
  for (const name of names) {
    let parsed: PyJson;
    const text = (await read(name, MAX_CASSETTE_BYTES)).toString('utf8');
    try {
      parsed = parsePythonJson(text);
    } catch (error) {
      throw new CassetteError(`${join(dir, name)} is not valid JSON: ${(error as Error).message}`);
    }
    const cassette = parsed as unknown as Cassette;
    if (!Array.isArray(cassette?.interactions))
      throw new CassetteError(`${join(dir, name)} has no "interactions" list`);
    for (const [index, interaction] of cassette.interactions.entries()) {
      if (
        typeof interaction?.request?.method !== 'string' ||
        typeof interaction.request.path !== 'string' ||
        typeof interaction.response?.status !== 'number'
      ) {
        throw new CassetteError(
          `${join(dir, name)}: every interaction needs request.method, request.path and response.status`,
        );
      }
      const where = `${join(dir, name)}, interaction ${index + 1}`;
      const response = checkedResponse(interaction.response, where);
      interaction.response = response;
      if (response.bodyAsset !== undefined) {
        const ref = response.bodyAsset;
        if (typeof ref !== 'string' || !isAssetName(ref)) throw new CassetteError(`${where}: bad asset name "${ref}"`);
        response.bodyBytes = await read(join('assets', ref), MAX_ASSET_BYTES);
        delete response.bodyAsset;
      }
      if (response.body !== undefined) {
        const refs: string[] = [];
        mapStrings(
          response.body,
          (text) => (text.startsWith(ASSET_PREFIX) && refs.push(text.slice(ASSET_PREFIX.length)), text),
        );
        let resolved = 0;
        for (const ref of refs) {
          if (!isAssetName(ref)) throw new CassetteError(`${join(dir, name)}: bad asset name "${ref}"`);
          if (!assets.has(ref)) assets.set(ref, (await read(join('assets', ref), MAX_ASSET_BYTES)).toString('base64'));
          // Counted before the body is resolved: a large asset referenced many times is refused, never expanded.
          resolved += (assets.get(ref) as string).length;
          resolvedInFolder += (assets.get(ref) as string).length;
          if (resolved > MAX_RESOLVED_BYTES || resolvedInFolder > MAX_FOLDER_RESOLVED_BYTES) {
            const [limit, scope] =
              resolved > MAX_RESOLVED_BYTES
                ? [MAX_RESOLVED_BYTES, 'one answer']
                : [MAX_FOLDER_RESOLVED_BYTES, 'the folder'];
            throw new CassetteError(
              `${join(dir, name)}: its ${refs.length} asset references resolve to over ${limit} bytes (the limit of ${scope})`,
            );
          }
        }
        response.body = mapStrings(response.body, (text) =>
          text.startsWith(ASSET_PREFIX) ? (assets.get(text.slice(ASSET_PREFIX.length)) as string) : text,
        );
      }
    }
    cassettes.push(cassette);
  }
  return cassettes;
}
