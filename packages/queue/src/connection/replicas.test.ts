import { afterEach, describe, expect, it } from 'vitest';
import { QueueConfigError, QueueConnectionError } from '../errors/index.js';
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
