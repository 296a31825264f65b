import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { GenerationResult } from '@sdwebui/client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { QueueError } from '../errors/index.js';
import { createFileStore } from '../store/index.js';
import { loadResult, MAX_METADATA_BYTES, saveResult } from './index.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'queue-result-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]);
const result = (info: Record<string, unknown>, parameters: Record<string, unknown> = {}) =>
  ({
    images: [{ bytes: png, mimeType: 'image/png', infotext: 'a cat', seed: 7 }],
    info,
    parameters,
  }) as unknown as GenerationResult;

describe('results', () => {
  it('puts the images in the store and only their keys, metadata and no input images in Redis', async () => {
    const store = createFileStore({ dir });
    const stored = await saveResult(
      store,
      'j-1',
      'gpu:7860',
      result({ seed: 7 }, { prompt: 'a', init_images: ['AAAA'] }),
    );
    expect(stored).toEqual({
      backend: 'gpu:7860',
      images: [{ key: 'j-1/0.png', mimeType: 'image/png', infotext: 'a cat', seed: 7 }],
      info: { seed: 7 },
      parameters: { prompt: 'a' },
    });
    const loaded = await loadResult(store, stored);
    expect(loaded.images[0]?.bytes).toEqual(png);
    expect(loaded.images[0]?.toDataURL()).toBe(`data:image/png;base64,${Buffer.from(png).toString('base64')}`);
  });

  it('refuses a backend answer whose metadata would fill Redis', async () => {
    const store = createFileStore({ dir });
    const huge = result({ comments: 'x'.repeat(MAX_METADATA_BYTES) });
    await expect(saveResult(store, 'j-2', 'gpu:7860', huge)).rejects.toBeInstanceOf(QueueError);
  });

  it('counts the image list in the budget and writes nothing when it is over', async () => {
    const store = createFileStore({ dir });
    // Small info, but every image brings an infotext (the PNG's own parameters chunk when info has none).
    const long = {
      ...result({}),
      images: Array.from({ length: 3 }, () => ({
        bytes: png,
        mimeType: 'image/png',
        infotext: 'x'.repeat(400_000),
        seed: 1,
      })),
    };
    await expect(saveResult(store, 'j-3', 'gpu:7860', long as unknown as GenerationResult)).rejects.toThrow(
      /info, parameters and image list \(limit 1048576\)/,
    );
    expect(await readdir(dir)).toEqual([]);
  });

  it('refuses store keys from Redis that would leave the store', async () => {
    const store = createFileStore({ dir });
    const stored = {
      backend: 'b',
      images: [{ key: '../../etc/passwd', mimeType: 'image/png', infotext: undefined, seed: undefined }],
      info: {},
      parameters: {},
    };
    await expect(loadResult(store, stored)).rejects.toBeInstanceOf(QueueError);
    expect(await readdir(dir)).toEqual([]);
  });
});
