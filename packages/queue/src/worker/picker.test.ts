import type { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queueKeys } from '../keys/index.js';
import { startScratch, type Scratch } from '../testing/pool.js';
import type { Backend, Picked } from './backend.js';
import { JobPicker } from './picker.js';

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

describe('the job picker', () => {
  it("sees a new tenant's lane at the next pick, without waiting for its wake", async () => {
    const keys = queueKeys('picker');
    // Each lane's first job: the flooder's is older.
    const heads: Record<string, number> = { any: 1_000, 't-00000000000000aa-any': 2_000 };
    const taken: string[] = [];
    const picker = new JobPicker({
      redis,
      keys,
      policy: { affinity: true, maxAffinityWaitMs: 60_000 },
      slotTtlMs: 10_000,
      peek: (lane) =>
        ({
          getJobs: async () => [{ opts: {}, timestamp: heads[lane] }],
        }) as unknown as Queue,
      take: async (_backend, lane) => {
        taken.push(lane);
        return { job: { id: lane } } as unknown as Picked;
      },
      emit: () => undefined,
    });
    const backend = { id: 'b1', loaded: undefined, serves: () => undefined } as unknown as Backend;
    await redis.hset(keys.lanes, 'any', '');
    await picker.pick(backend);
    await picker.pick(backend);
    // A new tenant's job: its lane is written, and no wake reaches this picker.
    await redis.hset(keys.lanes, 't-00000000000000aa-any', '');
    await picker.pick(backend);
    await picker.pick(backend);
    // Next or next-but-one: the two tenants' passes tie, and the older head goes first.
    expect(taken.slice(2)).toContain('t-00000000000000aa-any');
  });
});
