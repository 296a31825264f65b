import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { JobCancelledError } from '../errors/index.js';
import { createFileStore } from '../store/index.js';
import { generationsByJob, startPool, startScratch, waitFor, type Pool, type Scratch } from '../testing/pool.js';
import { createWorker, type SdwebuiWorker } from '../worker/index.js';
import { createQueue, type SdwebuiQueue } from './index.js';

let scratch: Scratch;
let pool: Pool;
let queue: SdwebuiQueue;
let worker: SdwebuiWorker;

beforeEach(async () => {
  scratch = await startScratch();
  // One backend, 20 ms per step: a 40-step job runs long enough to be cancelled mid-way.
  pool = await startPool(['v1-5-pruned-emaonly'], 20);
  const store = createFileStore({ dir: scratch.storeDir });
  queue = createQueue({ connection: scratch.redis.url, name: 'c', store });
  worker = await createWorker({
    connection: scratch.redis.url,
    name: 'c',
    store,
    backends: pool.mocks.map((mock) => ({ url: mock.url })),
    healthIntervalMs: 200,
    progressIntervalMs: 50,
  });
});

afterEach(async () => {
  await worker?.close();
  await queue?.close();
  await pool?.close();
  await scratch?.close();
});

const generations = (id: string) => generationsByJob(pool.mocks).get(id)?.length ?? 0;

describe('cancel', () => {
  it('removes a waiting job before any backend sees it, and interrupts a running one on its backend', async () => {
    const running = queue.txt2img({ prompt: 'long', steps: 40 });
    const waiting = queue.txt2img({ prompt: 'queued behind', steps: 40 });
    await waitFor(async () => (await running.state()) === 'active', 10_000, 'first job running');
    const positions = [];
    for await (const report of waiting.progress({ intervalMs: 20 })) {
      positions.push(report.queuePosition);
      break;
    }
    expect(positions).toEqual([1]);

    await waiting.cancel();
    await expect(waiting.result).rejects.toBeInstanceOf(JobCancelledError);
    expect(generations(waiting.id)).toBe(0);

    await waitFor(() => generations(running.id) === 1, 10_000, 'running job sent');
    await running.cancel();
    await expect(running.result).rejects.toBeInstanceOf(JobCancelledError);
    const [mock] = pool.mocks;
    if (!mock) throw new Error('the pool started no mock');
    expect(mock.requests.filter((r) => r.path === '/sdapi/v1/interrupt')).toHaveLength(1);

    // The backend is free again and serves the next job.
    const next = queue.txt2img({ prompt: 'after', steps: 2 });
    expect((await next).images).toHaveLength(1);
    // The totals, the job list and one job's summary say the same, in the same words.
    expect(await queue.stats()).toMatchObject({ completed: 1, failed: 0, cancelled: 2, waiting: 0, active: 0 });
    expect((await waiting.summary()).state).toBe('cancelled');
    expect((await running.summary()).state).toBe('cancelled');
    expect(Object.fromEntries((await queue.list()).map((job) => [job.id, job.state]))).toEqual({
      [running.id]: 'cancelled',
      [next.id]: 'done',
    });

    // A job cancelled while running can be run again: its cancel mark goes, and it is sent once more.
    await queue.get(running.id).retry();
    expect((await queue.get(running.id)).images).toHaveLength(1);
    expect(generations(running.id)).toBe(2);
    expect(await queue.stats()).toMatchObject({ completed: 2, failed: 0, cancelled: 1 });
  });

  it("says waiting, not BullMQ's prioritized, for a job behind another, with its place in line", async () => {
    const first = queue.txt2img({ prompt: 'long', steps: 40 });
    await waitFor(async () => (await first.state()) === 'active', 10_000, 'first job running');
    const second = queue.txt2img({ prompt: 'behind', steps: 1 }, { priority: 5 });
    await second.accepted;
    expect(await second.state()).toBe('prioritized');
    expect(await second.summary()).toMatchObject({ state: 'waiting', position: 1, tenant: 'default' });
    expect(await first.summary()).toMatchObject({ state: 'running', position: null });
    const listed = Object.fromEntries((await queue.list()).map((job) => [job.id, job.state]));
    expect(listed).toEqual({ [first.id]: 'running', [second.id]: 'waiting' });
    expect(await queue.stats()).toMatchObject({ waiting: 1, active: 1 });
    await first.cancel();
    await second;
  });

  it('interrupts a job that runs past its timeout on its backend and fails it', async () => {
    const job = queue.txt2img({ prompt: 'too slow', steps: 100 }, { timeoutMs: 200 });
    await expect(job.result).rejects.toThrow(/timed out after 200 ms/);
    expect(pool.mocks[0]?.requests.filter((r) => r.path === '/sdapi/v1/interrupt')).toHaveLength(1);
    expect(generations(job.id)).toBe(1);
  });

  it('reports progress from the worker while the job runs', async () => {
    const job = queue.txt2img({ prompt: 'watch', steps: 10 });
    const reports = [];
    for await (const report of job.progress({ intervalMs: 20 })) reports.push(report);
    const active = reports.filter((report) => !report.queued && !report.done);
    expect(active.length).toBeGreaterThan(0);
    expect(active.some((report) => report.progress > 0 && report.backend === worker.backends[0]?.id)).toBe(true);
    expect(reports.at(-1)?.done).toBe(true);
  });
});
