import { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import { createQueue } from '../producer/index.js';
import { createFileStore } from '../store/index.js';
import { startPool, startScratch } from '../testing/pool.js';
import { createWorker } from './index.js';

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** Every value Redis holds, as text: strings, hashes, lists, sets, sorted sets and streams. */
async function everything(redis: Redis): Promise<string> {
  const parts: string[] = [];
  for (const key of await redis.keys('*')) {
    const type = await redis.type(key);
    const value =
      type === 'string'
        ? await redis.get(key)
        : type === 'hash'
          ? await redis.hgetall(key)
          : type === 'list'
            ? await redis.lrange(key, 0, -1)
            : type === 'set'
              ? await redis.smembers(key)
              : type === 'zset'
                ? await redis.zrange(key, 0, -1)
                : await redis.xrange(key, '-', '+');
    parts.push(key, JSON.stringify(value));
  }
  return parts.join('\n');
}

describe("a backend's published identity", () => {
  it('keeps scheme, host, port and path; never user info, a query or a fragment', async () => {
    const scratch = await startScratch();
    cleanups.push(() => scratch.close());
    const pool = await startPool(['v1-5-pruned-emaonly'], 1);
    cleanups.push(() => pool.close());
    const [mock] = pool.mocks;
    if (!mock) throw new Error('the pool started no mock');
    const { host } = new URL(mock.url);
    const store = createFileStore({ dir: scratch.storeDir });
    const queue = createQueue({ connection: scratch.redis.url, name: 'who', store });
    cleanups.push(() => queue.close());
    const worker = await createWorker({
      connection: scratch.redis.url,
      name: 'who',
      store,
      backends: [{ url: `http://me:pw-secret@${host}/?token=query-secret&x=1#fragment-secret` }],
    });
    cleanups.push(() => worker.close());
    await queue.txt2img({ prompt: 'who am i', steps: 2 });

    expect((await queue.stats()).backends.map((backend) => backend.url)).toEqual([`http://${host}`]);
    const redis = new Redis(scratch.redis.url);
    cleanups.push(async () => redis.disconnect());
    const text = await everything(redis);
    expect(text).toContain(`http://${host}`);
    expect(text).not.toMatch(/secret|token=|pw-|me:/);
  });
});
