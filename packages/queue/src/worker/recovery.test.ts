import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { createQueue } from '../producer/index.js';
import { createFileStore } from '../store/index.js';
import { generationsByJob, startPool, startScratch, waitFor } from '../testing/pool.js';
import { startReplyLosingProxy } from '../testing/reply-losing-proxy.js';
import type { WorkerEvent } from './events.js';
import { createWorker } from './index.js';

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

// The worker that gets SIGKILLed runs in its own process, from the built package (turbo builds before testing).
const DIST = fileURLToPath(new URL('../../dist/index.js', import.meta.url));

function spawnWorker(redisUrl: string, storeDir: string, backendUrl: string): Promise<ChildProcess> {
  if (!existsSync(DIST)) throw new Error(`build the package first (${DIST} is missing)`);
  const script = `
    const { createWorker, createFileStore } = await import(${JSON.stringify(DIST)});
    await createWorker({ connection: ${JSON.stringify(redisUrl)}, name: 'r',
      store: createFileStore({ dir: ${JSON.stringify(storeDir)} }),
      backends: [{ url: ${JSON.stringify(backendUrl)} }], lockMs: 1000, stalledCheckMs: 500, healthIntervalMs: 200 });
    console.log('ready');`;
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  cleanups.push(async () => child.exitCode === null && child.signalCode === null && child.kill('SIGKILL'));
  return new Promise((resolve, reject) => {
    if (!child.stdout) throw new Error('the worker process has no stdout pipe');
    child.stdout.on('data', (chunk: Buffer) => chunk.toString().includes('ready') && resolve(child));
    child.once('exit', (code) => reject(new Error(`worker process exited early (${code})`)));
  });
}

describe('recovery', () => {
  it('completes a job elsewhere when its worker is SIGKILLed mid-job, without two live generations', async () => {
    const scratch = await startScratch();
    cleanups.push(() => scratch.close());
    const pool = await startPool(['v1-5-pruned-emaonly', 'v1-5-pruned-emaonly'], 25);
    cleanups.push(() => pool.close());
    const [first, second] = pool.mocks as [(typeof pool.mocks)[0], (typeof pool.mocks)[0]];
    const store = createFileStore({ dir: scratch.storeDir });
    const queue = createQueue({ connection: scratch.redis.url, name: 'r', store });
    cleanups.push(() => queue.close());

    const child = await spawnWorker(scratch.redis.url, scratch.storeDir, first.url);
    const job = queue.txt2img({ prompt: 'survive', steps: 120 });
    await waitFor(() => generationsByJob([first]).get(job.id)?.length === 1, 10_000, 'job sent to the first backend');
    const waiting = Array.from({ length: 4 }, (_, index) => queue.txt2img({ prompt: `behind ${index}`, steps: 2 }));
    await Promise.all(waiting.map((queued) => queued.accepted));
    child.kill('SIGKILL');

    const worker = await createWorker({
      connection: scratch.redis.url,
      name: 'r',
      store,
      backends: [{ url: second.url }],
      lockMs: 1000,
      stalledCheckMs: 500,
      healthIntervalMs: 200,
    });
    cleanups.push(() => worker.close());
    const events: WorkerEvent[] = [];
    worker.on('event', (event: WorkerEvent) => events.push(event));

    const result = await job;
    expect(result.backend).toBe(worker.backends[0]?.id);
    expect(result.images[0]?.infotext).toContain('survive');
    expect(generationsByJob(pool.mocks).get(job.id)).toEqual([0, 1]);
    // The orphaned generation was still running on the first backend; the re-send waited for it.
    const recovered = events.find((event) => event.type === 'job-recovered');
    expect(recovered).toMatchObject({ jobId: job.id, found: 'active' });
    // No job lost: the ones waiting behind it complete too, each generated once.
    const behind = await Promise.all(waiting.map((queued) => queued.result));
    for (const [index, done] of behind.entries()) expect(done.images[0]?.infotext).toContain(`behind ${index}`);
    for (const queued of waiting) expect(generationsByJob(pool.mocks).get(queued.id)).toEqual([1]);
    expect(await queue.stats()).toMatchObject({ completed: 5, failed: 0, waiting: 0 });
  });

  it('keeps every acknowledged job through a Redis restart (AOF on)', async () => {
    const scratch = await startScratch(true);
    cleanups.push(() => scratch.close());
    const pool = await startPool(['v1-5-pruned-emaonly', 'deliberate_v2'], 5);
    cleanups.push(() => pool.close());
    const store = createFileStore({ dir: scratch.storeDir });
    const queue = createQueue({ connection: scratch.redis.url, name: 'aof', store });
    cleanups.push(() => queue.close());
    const jobs = Array.from({ length: 30 }, (_, index) => queue.txt2img({ prompt: `durable ${index}`, steps: 4 }));
    await Promise.all(jobs.map((job) => job.accepted));

    const worker = await createWorker({
      connection: scratch.redis.url,
      name: 'aof',
      store,
      backends: pool.mocks.map((mock) => ({ url: mock.url })),
      healthIntervalMs: 200,
    });
    cleanups.push(() => worker.close());
    let completed = 0;
    worker.on('event', (event: WorkerEvent) => event.type === 'job-completed' && completed++);
    await waitFor(() => completed >= 5, 20_000, 'some jobs done');
    await scratch.redis.restart();

    const results = await Promise.all(jobs.map((job) => job.result));
    for (const [index, result] of results.entries()) expect(result.images[0]?.infotext).toContain(`durable ${index}`);
    const byJob = generationsByJob(pool.mocks);
    for (const job of jobs) expect(byJob.get(job.id), job.id).toHaveLength(1);
    expect(await queue.stats()).toMatchObject({ completed: 30, failed: 0 });
  });

  it('puts back a job taken twice when Redis ran the take but its answer was lost (as across a restart)', async () => {
    const scratch = await startScratch();
    cleanups.push(() => scratch.close());
    const pool = await startPool(['v1-5-pruned-emaonly'], 1);
    cleanups.push(() => pool.close());
    const [mock] = pool.mocks;
    if (!mock) throw new Error('the pool started no mock');
    // The lock token (`<backend>:<uuid>`) is first sent by the take itself (BullMQ's moveToActive).
    const token = new RegExp(`${new URL(mock.url).host.replaceAll('.', '\\.')}:[0-9a-f]{8}-`);
    const proxy = await startReplyLosingProxy(scratch.redis.port, (sent) => token.test(sent));
    cleanups.push(() => proxy.close());
    const store = createFileStore({ dir: scratch.storeDir });
    const queue = createQueue({ connection: scratch.redis.url, name: 'lost', store });
    cleanups.push(() => queue.close());
    const jobs = [queue.txt2img({ prompt: 'first', steps: 2 }), queue.txt2img({ prompt: 'second', steps: 2 })];
    await Promise.all(jobs.map((job) => job.accepted));

    // Locks and the stalled check far beyond the test's timeout: only the worker's own repair can finish both.
    const worker = await createWorker({
      connection: proxy.url,
      name: 'lost',
      store,
      backends: [{ url: mock.url }],
      lockMs: 600_000,
      stalledCheckMs: 600_000,
      healthIntervalMs: 200,
    });
    cleanups.push(() => worker.close());
    await proxy.lost;
    const results = await Promise.all(jobs.map((job) => job.result));
    expect(results.map((result) => result.images[0]?.infotext?.split('\n')[0])).toEqual(['first', 'second']);
    const byJob = generationsByJob(pool.mocks);
    for (const job of jobs) expect(byJob.get(job.id), job.id).toHaveLength(1);
  });

  it('keeps a submission whose claim Redis ran but whose answer was lost (sent again, it answers "exists")', async () => {
    const scratch = await startScratch();
    cleanups.push(() => scratch.close());
    const pool = await startPool(['v1-5-pruned-emaonly'], 1);
    cleanups.push(() => pool.close());
    // The producer's first write of a job: the index entry, SET … NX.
    const proxy = await startReplyLosingProxy(scratch.redis.port, (sent) => /:lanes:job:j-[0-9a-f]+\r\n/.test(sent));
    cleanups.push(() => proxy.close());
    const store = createFileStore({ dir: scratch.storeDir });
    const queue = createQueue({ connection: proxy.url, name: 'claim', store });
    cleanups.push(() => queue.close());
    const job = queue.txt2img({ prompt: 'claimed once', steps: 2 });
    await job.accepted;
    await proxy.lost;
    const worker = await createWorker({
      connection: scratch.redis.url,
      name: 'claim',
      store,
      backends: [{ url: pool.mocks[0]?.url ?? '' }],
    });
    cleanups.push(() => worker.close());
    expect((await job).images[0]?.infotext).toContain('claimed once');
  });
});
