import { createWebuiClient } from '@sdwebui/client';
import { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import { createQueue } from '../producer/index.js';
import { createFileStore } from '../store/index.js';
import { MODELS, startPool, startScratch } from '../testing/pool.js';
import { createWorker } from './index.js';

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function setup(name: string, backendModels: Array<string[] | undefined>) {
  const scratch = await startScratch();
  cleanups.push(() => scratch.close());
  const pool = await startPool(
    backendModels.map(() => MODELS[0]),
    1,
  );
  cleanups.push(() => pool.close());
  const store = createFileStore({ dir: scratch.storeDir });
  const queue = createQueue({ connection: scratch.redis.url, name, store });
  cleanups.push(() => queue.close());
  const worker = await createWorker({
    connection: scratch.redis.url,
    name,
    store,
    backends: pool.mocks.map((mock, index) => ({
      url: mock.url,
      ...(backendModels[index] ? { models: backendModels[index] } : {}),
    })),
    healthIntervalMs: 200,
  });
  cleanups.push(() => worker.close());
  return { scratch, pool, queue, worker };
}

describe('routing', () => {
  it('never sends a job to a backend that may not serve its model', async () => {
    const { queue, worker } = await setup('route', [undefined, ['deliberate_v2']]);
    const jobs = Array.from({ length: 8 }, (_, index) =>
      queue.txt2img({ prompt: `r${index}`, steps: 2 }, { model: 'v1-5-pruned-emaonly' }),
    );
    const results = await Promise.all(jobs.map((job) => job.result));
    expect(new Set(results.map((result) => result.backend))).toEqual(new Set([worker.backends[0]?.id]));
    const other = await queue.txt2img({ prompt: 'x', steps: 2 }, { model: 'deliberate_v2' });
    expect(other.info.sd_model_name).toBe('deliberate_v2');
  });

  it('keeps image bytes out of Redis: img2img inputs and results are store keys', async () => {
    const { scratch, pool, queue } = await setup('img', [undefined]);
    const [mock] = pool.mocks;
    if (!mock) throw new Error('the pool started no mock');
    const [source] = (
      await createWebuiClient({ baseUrl: mock.url }).txt2img({
        prompt: 'source',
        steps: 1,
        width: 512,
        height: 512,
      })
    ).images;
    if (!source) throw new Error('the source txt2img returned no image');
    const job = queue.img2img({ prompt: 'edited', steps: 2, init_images: [source.bytes], denoising_strength: 0.5 });
    const result = await job;
    expect(result.images[0]?.infotext).toContain('edited');
    expect(result.parameters).not.toHaveProperty('init_images');

    const redis = new Redis(scratch.redis.url);
    cleanups.push(async () => redis.disconnect());
    const base64 = Buffer.from(source.bytes).toString('base64').slice(0, 40);
    const [edited] = result.images;
    if (!edited) throw new Error('the img2img job returned no image');
    const resultBase64 = Buffer.from(edited.bytes).toString('base64').slice(0, 40);
    const smallest = Math.min(source.bytes.length, edited.bytes.length);
    expect(smallest).toBeGreaterThan(4_000);
    for (const key of await redis.keys('*')) {
      if ((await redis.type(key)) !== 'hash') continue;
      const text = Object.values(await redis.hgetall(key)).join('\n');
      expect(text, key).not.toContain(base64);
      expect(text, key).not.toContain(resultBase64);
      // Not as base64, and not as bytes in any other encoding either: every hash is smaller than one image.
      expect(text.length, key).toBeLessThan(smallest);
    }
  });
});
