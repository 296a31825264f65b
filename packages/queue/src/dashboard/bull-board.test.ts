import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startScratch, type Scratch } from '../testing/pool.js';
import { MAX_SHOWN_LANES, readShownLanes } from './bull-board.js';

let scratch: Scratch;
let redis: Redis;

beforeAll(async () => {
  scratch = await startScratch();
  redis = new Redis(scratch.redis.url);
});

afterAll(async () => {
  redis?.disconnect();
  await scratch?.close();
});

describe('the lanes the BullMQ view shows', () => {
  it('are every lane when there are few, and at most MAX_SHOWN_LANES of a flood of tenants', async () => {
    await redis.hset('few', { any: '', 'm-1': 'sdxl' });
    expect(await readShownLanes(redis, 'few')).toEqual(
      new Map([
        ['any', ''],
        ['m-1', 'sdxl'],
      ]),
    );
    const flood = Object.fromEntries(Array.from({ length: 5_000 }, (_, i) => [`t-${i}-any`, '']));
    await redis.hset('flood', flood);
    const shown = await readShownLanes(redis, 'flood');
    expect(shown.size).toBe(MAX_SHOWN_LANES);
    for (const lane of shown.keys()) expect(flood).toHaveProperty([lane]);
    expect(await readShownLanes(redis, 'missing')).toEqual(new Map());
  });
});
