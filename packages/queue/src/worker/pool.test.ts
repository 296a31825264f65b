import { createMockServer } from '@sdwebui/mock';
import { afterEach, describe, expect, it } from 'vitest';
import { createQueue, type SdwebuiQueue } from '../producer/index.js';
import { createFileStore } from '../store/index.js';
import {
  generationsByJob,
  MODELS,
  modelSwitches,
  startPool,
  startScratch,
  waitFor,
  type Pool,
  type Scratch,
} from '../testing/pool.js';
import type { WorkerEvent } from './events.js';
import { createWorker, type SdwebuiWorker, type WorkerOptions } from './index.js';

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function setup(
  loaded: string[],
  stepMs: number,
  name = 'pool',
): Promise<{
  scratch: Scratch;
  pool: Pool;
  queue: SdwebuiQueue;
  start(options?: Partial<WorkerOptions>): Promise<SdwebuiWorker>;
}> {
  const scratch = await startScratch();
  cleanups.push(() => scratch.close());
  const pool = await startPool(loaded, stepMs);
  cleanups.push(() => pool.close());
  const store = createFileStore({ dir: scratch.storeDir });
  const queue = createQueue({ connection: scratch.redis.url, name, store });
  cleanups.push(() => queue.close());
  const start = async (options: Partial<WorkerOptions> = {}) => {
    const worker = await createWorker({
      connection: scratch.redis.url,
      name,
      store,
      backends: pool.mocks.map((mock) => ({ url: mock.url })),
      healthIntervalMs: 100,
      ...options,
    });
    cleanups.push(() => worker.close());
    return worker;
  };
  return { scratch, pool, queue, start };
}

describe('a pool of backends', () => {
  it('runs 200 jobs over 4 backends, each exactly once (per the mocks’ logs), on every backend', async () => {
    const { pool, queue, start } = await setup([MODELS[0], MODELS[1], MODELS[2], MODELS[0]], 1);
    await start();
    const jobs = Array.from({ length: 200 }, (_, index) =>
      queue.txt2img(
        { prompt: `job ${index}`, steps: 2, width: 64, height: 64 },
        index % 5 === 0 ? { model: MODELS[index % 3] } : {},
      ),
    );
    const results = await Promise.all(jobs.map((job) => job.result));
    const byJob = generationsByJob(pool.mocks);
    expect(byJob.size).toBe(200);
    for (const job of jobs) expect(byJob.get(job.id), job.id).toHaveLength(1);
    const perBackend = new Map<string, number>();
    for (const result of results) perBackend.set(result.backend, (perBackend.get(result.backend) ?? 0) + 1);
    expect(perBackend.size).toBe(4);
    for (const [index, result] of results.entries()) expect(result.images[0]?.infotext).toContain(`job ${index}`);
    const stats = await queue.stats();
    expect(stats).toMatchObject({ waiting: 0, active: 0, completed: 200, failed: 0 });
    expect(stats.backends.reduce((sum, backend) => sum + backend.completed, 0)).toBe(200);
  }, 120_000);

  it('switches models less with affinity than first come first served', async () => {
    // A fixed pseudo-random mix of the three checkpoints (LCG), submitted before the workers start.
    let seed = 7;
    const sequence = Array.from(
      { length: 48 },
      () => MODELS[((seed = (seed * 1103515245 + 12345) % 2 ** 31) >> 16) % 3] ?? MODELS[0],
    );
    const switches: Record<string, number> = {};
    for (const affinity of [true, false]) {
      const { pool, queue, start } = await setup([...MODELS], 1, affinity ? 'affinity' : 'fifo');
      const jobs = sequence.map((model, index) =>
        queue.txt2img({ prompt: `j${index}`, steps: 2, width: 64, height: 64 }, { model }),
      );
      await Promise.all(jobs.map((job) => job.accepted));
      await start({ affinity });
      const results = await Promise.all(jobs.map((job) => job.result));
      for (const [index, result] of results.entries()) expect(result.info.sd_model_name).toBe(sequence[index]);
      switches[String(affinity)] = modelSwitches(pool.mocks);
      for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
    }
    expect(switches.true).toBeLessThan((switches.false ?? Number.NaN) / 2);
  }, 120_000);

  it('takes a backend that starts failing out of rotation, and puts it back when it answers again', async () => {
    const { pool, queue, start } = await setup([MODELS[0], MODELS[0]], 1);
    const worker = await start();
    const events: WorkerEvent[] = [];
    worker.on('event', (event: WorkerEvent) => events.push(event));
    const [, broken] = pool.mocks as [unknown, (typeof pool.mocks)[number]];
    const port = broken.port;
    await broken.close();
    await waitFor(() => events.some((event) => event.type === 'backend-down'), 10_000, 'backend-down');
    const jobs = Array.from({ length: 10 }, (_, index) => queue.txt2img({ prompt: `p${index}`, steps: 2 }));
    const results = await Promise.all(jobs.map((job) => job.result));
    expect(new Set(results.map((result) => result.backend))).toEqual(new Set([worker.backends[0]?.id]));
    expect((await queue.stats()).backends.find((backend) => backend.id === worker.backends[1]?.id)?.healthy).toBe(
      false,
    );

    const revived = await createMockServer({ profile: 'a1111-1.10', port, stepMs: 1 });
    cleanups.push(() => revived.close());
    await waitFor(
      () => events.some((event) => event.type === 'backend-up' && event.backend === worker.backends[1]?.id),
      10_000,
      'backend-up',
    );
    const later = Array.from({ length: 12 }, (_, index) => queue.txt2img({ prompt: `q${index}`, steps: 2 }));
    await Promise.all(later.map((job) => job.result));
    expect(revived.requests.some((request) => request.path === '/sdapi/v1/txt2img')).toBe(true);
  }, 60_000);
});
