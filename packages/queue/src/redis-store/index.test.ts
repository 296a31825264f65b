import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QueueConfigError, QueueError, ResultMissingError } from '../errors/index.js';
import { startRedisServer, type RedisServer } from '../redis-server/index.js';
import { createRedisStore, type RedisStore } from './index.js';

let redis: RedisServer;
let store: RedisStore;
beforeAll(async () => {
  redis = await startRedisServer();
  store = createRedisStore({ connection: redis.url, name: 'files', maxBytes: 1_000 });
});
afterAll(async () => {
  await store?.close();
  await redis?.stop();
});

describe('createRedisStore', () => {
  it('keeps bytes per job in Redis, removes a job, and says when a result is missing', async () => {
    const bytes = new Uint8Array([0, 1, 2, 255]);
    await store.put('j-1/0.png', bytes);
    await store.put('j-1/1.png', new Uint8Array([9]));
    expect(await store.get('j-1/0.png')).toEqual(bytes);
    await store.deleteJob('j-1');
    await expect(store.get('j-1/0.png')).rejects.toBeInstanceOf(ResultMissingError);
  });

  it('refuses a file over maxBytes and keys that are not <job>/<file>.<ext>', async () => {
    await expect(store.put('j-2/0.png', new Uint8Array(1_001))).rejects.toThrow(QueueError);
    await expect(store.get('j-2/0.png')).rejects.toBeInstanceOf(ResultMissingError);
    for (const key of ['../x/0.png', 'j-2', 'j-2/0', 'j 2/0.png'])
      await expect(store.put(key, new Uint8Array(1))).rejects.toBeInstanceOf(QueueConfigError);
  });

  it('expires a job keepMs after its last write, under the queue hash tag', async () => {
    const short = createRedisStore({ connection: redis.url, name: 'files', keepMs: 60_000 });
    try {
      await short.put('j-3/0.png', new Uint8Array([1]));
      const { Redis } = await import('ioredis');
      const plain = new Redis(redis.url);
      const ttl = await plain.pttl('{sdwebui-queue:files}:files:j-3');
      plain.disconnect();
      expect(ttl).toBeGreaterThan(50_000);
      expect(ttl).toBeLessThanOrEqual(60_000);
    } finally {
      await short.close();
    }
  });
});
