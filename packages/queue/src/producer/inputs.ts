import { readFile } from 'node:fs/promises';
import type { ImageInput } from '@sdwebui/client';
import { QueueConfigError } from '../errors/index.js';
import type { ResultStore } from '../store/index.js';

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
    return new Uint8Array(await readFile(input));
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
