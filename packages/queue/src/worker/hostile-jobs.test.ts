/**
 * Jobs a producer got wrong, or that lost what they need, must fail once with a typed error and
 * never stall the farm: an unknown name, a malformed job, inputs gone from the store. And a job
 * no backend can take is handed back a bounded number of times.
 */
import { mkdtemp, rm, utimes } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMockServer, type Fault } from '@sdwebui/mock';
import { Queue } from 'bullmq';
import { afterEach, describe, expect, it } from 'vitest';
import { JobFailedError } from '../errors/index.js';
import { createQueue, type SdwebuiQueue } from '../producer/index.js';
import type { QueuedJob } from '../producer/queued-job.js';
import { createFileStore, type ResultStore } from '../store/index.js';
import { generationsByJob, startPool, startScratch } from '../testing/pool.js';
import type { BackendConfig } from './backend.js';
import type { WorkerEvent } from './events.js';
import { createWorker, type SdwebuiWorker, type WorkerOptions } from './index.js';

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const PNG_1x1 = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);

interface Farm {
  url: string;
  storeDir: string;
  store: ResultStore;
  queue: SdwebuiQueue;
  start(
    backends: Array<string | BackendConfig>,
    options?: Partial<WorkerOptions>,
  ): Promise<{ worker: SdwebuiWorker; events: WorkerEvent[] }>;
}

async function farm(name: string): Promise<Farm> {
  const scratch = await startScratch();
  cleanups.push(() => scratch.close());
  const store = createFileStore({ dir: scratch.storeDir });
  const queue = createQueue({ connection: scratch.redis.url, name, store });
  cleanups.push(() => queue.close());
  return {
    url: scratch.redis.url,
    storeDir: scratch.storeDir,
    store,
    queue,
    async start(backends, options = {}) {
      const worker = await createWorker({
        connection: scratch.redis.url,
        name,
        store,
        backends: backends.map((backend) => (typeof backend === 'string' ? { url: backend } : backend)),
        healthIntervalMs: 100,
        ...options,
      });
      cleanups.push(() => worker.close());
      const events: WorkerEvent[] = [];
      worker.on('event', (event: WorkerEvent) => events.push(event));
      return { worker, events };
    },
  };
}

/** The job's outcome, or the first event that says the worker is looping on it instead. */
function outcomeOrLoop(job: QueuedJob, worker: SdwebuiWorker, loop: (event: WorkerEvent) => boolean) {
  return new Promise<unknown>((resolve) => {
    job.result.then(resolve, resolve);
    worker.on('event', (event: WorkerEvent) => loop(event) && resolve(event));
  });
}

const isRequeue = (event: WorkerEvent) => event.type === 'job-handed-back' || event.type === 'backend-down';

describe('a job that cannot run fails once with its typed error', () => {
  it('one typo does not jam the farm: the bad job fails, the 20 behind it complete, the backend stays up', async () => {
    const { queue, start } = await farm('typo');
    const pool = await startPool(['v1-5-pruned-emaonly'], 1);
    cleanups.push(() => pool.close());
    const bad = queue.txt2img({ prompt: 'typo', steps: 2, sampler_name: 'Eular a' });
    await bad.accepted;
    const honest = Array.from({ length: 20 }, (_, index) => queue.txt2img({ prompt: `honest ${index}`, steps: 2 }));
    await Promise.all(honest.map((job) => job.accepted));
    const { worker, events } = await start(pool.mocks.map((mock) => mock.url));

    const outcome = await outcomeOrLoop(bad, worker, isRequeue);
    expect(outcome).toBeInstanceOf(JobFailedError);
    const failed = outcome as JobFailedError;
    expect(failed.errorName).toBe('NotFoundError');
    expect(failed.errorKind).toBe('unknown-name');
    expect(failed.reason).toMatch(/unknown sampler "Eular a".*closest: Euler a/);
    const results = await Promise.all(honest.map((job) => job.result));
    for (const [index, result] of results.entries()) expect(result.images[0]?.infotext).toContain(`honest ${index}`);

    expect(events.filter((event) => event.type === 'job-failed').map((event) => event.jobId)).toEqual([bad.id]);
    expect(events.filter(isRequeue)).toEqual([]);
    expect(generationsByJob(pool.mocks).has(bad.id)).toBe(false);
    expect(await queue.stats()).toMatchObject({ completed: 20, failed: 1, waiting: 0 });
  });

  it('fails a malformed job (params not an object) once, before any backend sees it', async () => {
    const { url, queue, start } = await farm('malformed');
    const pool = await startPool(['v1-5-pruned-emaonly'], 1);
    cleanups.push(() => pool.close());
    // Written by hand into the lane, as a producer of another version or a damaged key could.
    await queue.txt2img({ prompt: 'registers the lane', steps: 1 }).accepted;
    const lane = new Queue(queue.keys.laneQueue('any'), { connection: { url }, prefix: queue.keys.prefix });
    cleanups.push(() => lane.close());
    await lane.add(
      'txt2img',
      { kind: 'txt2img', params: null, submittedAt: Date.now(), dispatches: [] },
      { jobId: 'j-hand' },
    );
    const { worker, events } = await start(pool.mocks.map((mock) => mock.url));

    const outcome = await outcomeOrLoop(queue.get('j-hand'), worker, isRequeue);
    expect(outcome).toBeInstanceOf(JobFailedError);
    expect(outcome).toMatchObject({ errorName: 'QueueConfigError', reason: 'malformed job: params is not an object' });
    expect(events.filter(isRequeue)).toEqual([]);
    expect(generationsByJob(pool.mocks).has('j-hand')).toBe(false);
  });

  it("fails a job whose inputs are not in the worker's store (another --store) with ResultMissingError", async () => {
    const { url, queue } = await farm('elsewhere');
    const pool = await startPool(['v1-5-pruned-emaonly'], 1);
    cleanups.push(() => pool.close());
    const job = queue.img2img({ prompt: 'edit', steps: 2, init_images: [PNG_1x1] });
    await job.accepted;
    const otherDir = await mkdtemp(join(tmpdir(), 'queue-other-store-'));
    cleanups.push(() => rm(otherDir, { recursive: true, force: true }));
    const worker = await createWorker({
      connection: url,
      name: 'elsewhere',
      store: createFileStore({ dir: otherDir }),
      backends: pool.mocks.map((mock) => ({ url: mock.url })),
      healthIntervalMs: 100,
    });
    cleanups.push(() => worker.close());
    const events: WorkerEvent[] = [];
    worker.on('event', (event: WorkerEvent) => events.push(event));

    const outcome = await outcomeOrLoop(job, worker, isRequeue);
    expect(outcome).toBeInstanceOf(JobFailedError);
    expect(outcome).toMatchObject({ errorName: 'ResultMissingError' });
    expect(events.filter(isRequeue)).toEqual([]);
  });

  it('never sweeps the inputs of a job that still waits, however old', async () => {
    const { storeDir, queue, start } = await farm('patient');
    const pool = await startPool(['v1-5-pruned-emaonly', 'deliberate_v2'], 1);
    cleanups.push(() => pool.close());
    const [first, second] = pool.mocks.map((mock) => mock.url) as [string, string];
    // Only the second backend serves the job's model; it joins after the sweep.
    const job = queue.img2img({ prompt: 'waits', steps: 2, init_images: [PNG_1x1] }, { model: 'deliberate_v2' });
    await job.accepted;
    const { worker } = await start([{ url: first, models: ['v1-5-pruned-emaonly'] }], { keepMs: 60_000 });
    const dayAgo = new Date(Date.now() - 86_400_000);
    await utimes(join(storeDir, job.id), dayAgo, dayAgo);
    expect(await worker.sweep()).toBe(0);
    expect(await job.state()).toBe('prioritized');
    await start([second]);
    expect((await job).images[0]?.infotext).toContain('waits');
  });
});

describe('a job no backend can take is handed back a bounded number of times', () => {
  it('fails after maxHandBacks when its backend cannot answer the name lists', async () => {
    const { queue, start } = await farm('bounded');
    // Health checks pass (GET /sdapi/v1/sd-models), the sampler list the name check needs fails.
    const fault: Fault = { route: 'GET /sdapi/v1/samplers', status: 500 };
    const mock = await createMockServer({ stepMs: 1, faults: [fault] });
    cleanups.push(() => mock.close());
    const job = queue.txt2img({ prompt: 'no luck', steps: 2, sampler_name: 'Euler a' });
    await job.accepted;
    const { worker, events } = await start([mock.url], { maxHandBacks: 3 });

    const outcome = await outcomeOrLoop(
      job,
      worker,
      () => events.filter((event) => event.type === 'job-handed-back').length > 3,
    );
    expect(outcome).toBeInstanceOf(JobFailedError);
    expect((outcome as JobFailedError).reason).toMatch(/^handed back 3 times; last: not sent: /);
    expect(events.filter((event) => event.type === 'job-handed-back')).toHaveLength(2);
    expect(generationsByJob([mock]).has(job.id)).toBe(false);
  });
});
