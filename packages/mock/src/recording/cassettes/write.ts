import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { type AtomicFile, writeFilesAtomically } from '@sdwebui/internal/atomic-write';
import type { PyJson } from '../../webui/python/index.js';
import { prettyPythonJson } from '../../fastapi/python-json/index.js';
import { renderJsonYielding } from '../../fastapi/python-json/yielding.js';
import { base64Asset, bodyAsset, mapStrings, type PendingAsset } from './assets.js';
import { ASSET_PREFIX, type Cassette, type RecordedResponse } from './format.js';

/** Base64 strings longer than this are stored as files, so cassette diffs stay readable. */
const INLINE_LIMIT = 1024;
/**
 * Strings this long or longer are escaped a slice at a time, each in turns of its own, when a
 * cassette is written: the rest of a cassette of a few thousand values is rendered at once.
 */
export const LONG_STRING = 256;

/** A response as its file holds it: long base64 strings as `$asset:` references, `bodyBytes` as a `bodyAsset`. */
async function storedResponse(response: RecordedResponse, assets: PendingAsset[]): Promise<RecordedResponse> {
  if (response.bodyBytes !== undefined) {
    const asset = await bodyAsset(response.bodyBytes);
    assets.push(asset);
    const { bodyBytes: _, ...rest } = response;
    return { ...rest, bodyAsset: asset.name };
  }
  if (response.body === undefined) return response;
  const long: string[] = [];
  mapStrings(response.body, (text) => (text.length > INLINE_LIMIT && long.push(text), text));
  if (long.length === 0) return response;
  const replacements: string[] = [];
  for (const text of long) {
    const asset = await base64Asset(text);
    if (asset !== undefined) assets.push(asset);
    replacements.push(asset === undefined ? text : `${ASSET_PREFIX}${asset.name}`);
  }
  let next = 0;
  const body = mapStrings(response.body, (text) =>
    text.length > INLINE_LIMIT ? (replacements[next++] as string) : text,
  );
  return { ...response, body };
}

/**
 * Writes one cassette file, and the assets it refers to, atomically: long base64 strings go to
 * `assets/` (named by content hash, so re-recording the same image writes nothing new), and so
 * do `bodyBytes`. Work on large strings (decoding, hashing, escaping) is done a few
 * megabytes at a time, the event loop running between slices.
 */
export async function writeCassette(dir: string, name: string, cassette: Cassette): Promise<string> {
  await mkdir(join(dir, 'assets'), { recursive: true });
  const assets: PendingAsset[] = [];
  const interactions = [];
  for (const interaction of cassette.interactions) {
    interactions.push({ ...interaction, response: await storedResponse(interaction.response, assets) });
  }
  const rendered = await renderJsonYielding(
    { source: cassette.source, interactions } as unknown as PyJson,
    prettyPythonJson,
    LONG_STRING,
  );
  const files = new Map<string, AtomicFile>();
  for (const asset of assets) {
    const path = join(dir, 'assets', asset.name);
    files.set(path, { path, content: asset.bytes });
  }
  const path = join(dir, name);
  // Assets first: they are in place before the cassette that names them.
  const text = typeof rendered === 'string' ? Buffer.from(rendered) : rendered;
  files.set(path, { path, content: Buffer.concat([text, Buffer.from('\n')]) });
  await writeFilesAtomically([...files.values()]);
  return path;
}
