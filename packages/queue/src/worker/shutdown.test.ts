import { afterEach, describe, expect, it } from 'vitest';
import { createQueue } from '../producer/index.js';
import { createFileStore } from '../store/index.js';
import { generationsByJob, startPool, startScratch, waitFor } from '../testing/pool.js';
import { createWorker } from './index.js';

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function setup() {
  const scratch = await startScratch();
  cleanups.push(() => scratch.close());
  const pool = await startPool(['v1-5-pruned-emaonly'], 20);
  cleanups.push(() => pool.close());
  const store = createFileStore({ dir: scratch.storeDir });
  const queue = createQueue({ connection: scratch.redis.url, name: 's', store });
  cleanups.push(() => queue.close());
  const [mock] = pool.mocks;
  if (!mock) throw new Error('the pool started no mock');
  const start = async () => {
    const worker = await createWorker({
      connection: scratch.redis.url,
      name: 's',
      store,
      backends: [{ url: mock.url }],
      healthIntervalMs: 200,
    });
    cleanups.push(() => worker.close());
    return worker;
  };
  return { pool, queue, start };
}

describe('graceful shutdown', () => {
  it('lets the running job finish by default', async () => {
    const { queue, start } = await setup();
    const worker = await start();
    const job = queue.txt2img({ prompt: 'finish me', steps: 20 });
    await waitFor(async () => (await job.state()) === 'active', 10_000, 'job running');
    await worker.close();
    expect(await job.state()).toBe('completed');
  });

  it('with handBack interrupts the running job on its backend and puts it back for the next worker', async () => {
    const { pool, queue, start } = await setup();
    const worker = await start();
    const job = queue.txt2img({ prompt: 'hand me back', steps: 100 });
    await waitFor(() => generationsByJob(pool.mocks).get(job.id)?.length === 1, 10_000, 'job sent');
    await worker.close({ handBack: true });
    expect(['waiting', 'prioritized']).toContain(await job.state());
    expect(pool.mocks[0]?.requests.filter((request) => request.path === '/sdapi/v1/interrupt')).toHaveLength(1);

    await start();
    const result = await job;
    expect(result.images[0]?.infotext).toContain('hand me back');
    expect(generationsByJob(pool.mocks).get(job.id)).toEqual([0, 0]);
  });
});
