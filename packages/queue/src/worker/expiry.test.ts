import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { JobNotFoundError } from '../errors/index.js';
import { createQueue } from '../producer/index.js';
import { createFileStore } from '../store/index.js';
import { startPool, startScratch, waitFor } from '../testing/pool.js';
import { createWorker } from './index.js';

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe('expiry', () => {
  it('removes a finished job from Redis and its images from the store once keepMs has passed', async () => {
    const scratch = await startScratch();
    cleanups.push(() => scratch.close());
    const pool = await startPool(['v1-5-pruned-emaonly'], 1);
    cleanups.push(() => pool.close());
    const store = createFileStore({ dir: scratch.storeDir });
    const queue = createQueue({ connection: scratch.redis.url, name: 'e', store, keepMs: 1_000 });
    cleanups.push(() => queue.close());
    const worker = await createWorker({
      connection: scratch.redis.url,
      name: 'e',
      store,
      keepMs: 1_000,
      backends: pool.mocks.map((mock) => ({ url: mock.url })),
    });
    cleanups.push(() => worker.close());

    const old = queue.txt2img({ prompt: 'old', steps: 2 });
    await old;
    expect(existsSync(join(scratch.storeDir, old.id))).toBe(true);
    await waitFor(() => !existsSync(join(scratch.storeDir, old.id)), 10_000, 'store swept');
    // BullMQ drops jobs past their age when a later job finishes.
    await queue.txt2img({ prompt: 'new', steps: 2 });
    await waitFor(async () => (await old.state()) === 'unknown', 10_000, 'job removed');
    await expect(queue.get(old.id).result).rejects.toBeInstanceOf(JobNotFoundError);
  });
});
