import { readFile, stat } from 'node:fs/promises';
import type { ImageInput } from '@sdwebui/client';
import { QueueConfigError } from '../errors/index.js';
import type { ResultStore } from '../store/index.js';

/** A file's bytes; a device or a FIFO (`/dev/zero`) would be read without end, so only regular files. */
async function readRegularFile(path: string): Promise<Uint8Array> {
  const refused = (why: string) =>
    new QueueConfigError(`an image given as a file path must name a readable regular file (${why})`);
  const info = await stat(path).catch((error: unknown) => {
    throw refused(String((error as { code?: unknown }).code ?? error));
  });
  if (!info.isFile()) throw refused('not a regular file');
  return new Uint8Array(
    await readFile(path).catch((error: unknown) => {
      throw refused(String((error as { code?: unknown }).code ?? error));
    }),
  );
}

/**
 * Input images go to the store, not Redis. Strings are data URLs or file paths on the
 * producer's machine; a worker never reads a path it finds in Redis.
 */
async function imageBytes(input: ImageInput): Promise<Uint8Array> {
  if (input instanceof Uint8Array) return input;
  if (input instanceof ArrayBuffer) return new Uint8Array(input);
  if (typeof Blob !== 'undefined' && input instanceof Blob) return new Uint8Array(await input.arrayBuffer());
  if (typeof input === 'string') {
    const dataUrl = /^data:[^;,]*;base64,/.exec(input);
    if (dataUrl) return new Uint8Array(Buffer.from(input.slice(dataUrl[0].length), 'base64'));
    return readRegularFile(input);
  }
  throw new QueueConfigError('an image must be bytes, a Blob, a data URL or a file path');
}

export async function storeInputs(store: ResultStore, jobId: string, images: ImageInput[]): Promise<string[]> {
  const keys: string[] = [];
  for (const [index, image] of images.entries()) {
    const key = `${jobId}/input-${index}.bin`;
    await store.put(key, await imageBytes(image));
    keys.push(key);
  }
  return keys;
}
