import { afterEach, describe, expect, it } from 'vitest';
import { QueueConfigError, QueueConnectionError } from '../errors/index.js';
import { ReplicationBarrier } from './replicas.js';
import { createQueue } from '../producer/index.js';
import { createFileStore } from '../store/index.js';
import { startPool, startScratch } from '../testing/pool.js';
import type { WorkerEvent } from '../worker/events.js';
import { createWorker } from '../worker/index.js';

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

// A Redis without replicas: WAIT 1 can only time out. (With replicas: sentinel.test.ts.)
describe('waitForReplicas', () => {
  it('refuses a submission no replica acknowledged; a worker says so and goes on', async () => {
    const scratch = await startScratch();
    cleanups.push(() => scratch.close());
    const pool = await startPool(['v1-5-pruned-emaonly'], 1);
    cleanups.push(() => pool.close());
    const store = createFileStore({ dir: scratch.storeDir });
    const connection = scratch.redis.url;
    const strict = createQueue({ connection, name: 'w', store, waitForReplicas: { replicas: 1, timeoutMs: 50 } });
    cleanups.push(() => strict.close());
    const error = await strict.txt2img({ prompt: 'unsure' }).accepted.catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(QueueConnectionError);
    expect((error as Error).message).toMatch(/0 of 1 replica\(s\) acknowledged it within 50 ms; it may run/);
    // Submitted again with the same key, as the message says: it joins the first job, and is held to the same wait.
    const keyed = { idempotencyKey: 'render-7' };
    await expect(strict.txt2img({ prompt: 'keyed' }, keyed).accepted).rejects.toThrow(QueueConnectionError);
    await expect(strict.txt2img({ prompt: 'keyed' }, keyed).accepted).rejects.toThrow(/0 of 1 replica/);

    const queue = createQueue({ connection, name: 'w', store });
    cleanups.push(() => queue.close());
    const worker = await createWorker({
      connection,
      name: 'w',
      store,
      backends: [{ url: pool.mocks[0]?.url ?? '' }],
      waitForReplicas: { replicas: 1, timeoutMs: 50 },
    });
    cleanups.push(() => worker.close());
    const events: WorkerEvent[] = [];
    worker.on('event', (event: WorkerEvent) => events.push(event));
    const job = queue.txt2img({ prompt: 'goes on', steps: 2 });
    expect((await job).images[0]?.infotext).toContain('goes on');
    const said = events.flatMap((event) => (event.type === 'error' ? [event.message] : []));
    expect(said).toContain(
      `dispatch record of job ${job.id}: 0 of 1 replica(s) acknowledged it within 50 ms; going on`,
    );
  });

  it('is refused on a Cluster and out of range', () => {
    const store = createFileStore({ dir: '/nonexistent' });
    expect(() =>
      createQueue({
        connection: { cluster: [{ host: '127.0.0.1', port: 1 }] },
        store,
        waitForReplicas: { replicas: 1 },
      }),
    ).toThrow(QueueConfigError);
    expect(() => createQueue({ connection: 'redis://127.0.0.1:1', store, waitForReplicas: { replicas: 0 } })).toThrow(
      /replicas must be a whole number/,
    );
  });
});

describe('ReplicationBarrier', () => {
  it('writes its marker before each WAIT, and callers that arrive during a WAIT share the next one', async () => {
    const calls: string[] = [];
    const pending: Array<(acknowledged: number) => void> = [];
    const redis = {
      incr: async (key: string) => {
        calls.push(`INCR ${key}`);
        return calls.length;
      },
      wait: (replicas: number, timeoutMs: number) => {
        calls.push(`WAIT ${replicas} ${timeoutMs}`);
        return new Promise<number>((resolve) => pending.push(resolve));
      },
    };
    const barrier = new ReplicationBarrier(redis, 'marker', { replicas: 1, timeoutMs: 50 });
    const first = barrier.acknowledged();
    // Ten submissions while the first WAIT runs: their writes came after it began, so one more WAIT covers them all.
    const later = Array.from({ length: 10 }, () => barrier.acknowledged());
    await new Promise((resolve) => setImmediate(resolve));
    expect(calls).toEqual(['INCR marker', 'WAIT 1 50']);
    pending.shift()?.(0);
    expect(await first).toBe(0);
    await new Promise((resolve) => setImmediate(resolve));
    expect(calls).toEqual(['INCR marker', 'WAIT 1 50', 'INCR marker', 'WAIT 1 50']);
    pending.shift()?.(1);
    expect(await Promise.all(later)).toEqual(Array(10).fill(1));
    expect(pending).toEqual([]);
  });
});
