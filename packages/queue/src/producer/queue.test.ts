import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFileStore } from '../store/index.js';
import { createWorker, type SdwebuiWorker } from '../worker/index.js';
import { generationsByJob, startPool, startScratch, waitFor, type Pool, type Scratch } from '../testing/pool.js';
import { createQueue, type SdwebuiQueue } from './index.js';

let scratch: Scratch;
let pool: Pool;
let queue: SdwebuiQueue;
let worker: SdwebuiWorker;

beforeEach(async () => {
  scratch = await startScratch();
  pool = await startPool(['v1-5-pruned-emaonly', 'deliberate_v2'], 2);
  const store = createFileStore({ dir: scratch.storeDir });
  queue = createQueue({ connection: scratch.redis.url, name: 't', store });
  worker = await createWorker({
    connection: scratch.redis.url,
    name: 't',
    store,
    backends: pool.mocks.map((m) => ({ url: m.url })),
    healthIntervalMs: 200,
  });
});

afterEach(async () => {
  await worker?.close();
  await queue?.close();
  await pool?.close();
  await scratch?.close();
});

describe('producer and worker', () => {
  it('runs a job on one backend and gives the SDK result back, images from the store', async () => {
    const job = queue.txt2img({ prompt: 'puppy dog', steps: 3, width: 64, height: 64 });
    const reports = [];
    for await (const report of job.progress({ intervalMs: 20 })) reports.push(report);
    const result = await job;
    expect(result.images).toHaveLength(1);
    expect(result.images[0]?.mimeType).toBe('image/png');
    expect(result.images[0]?.infotext).toContain('puppy dog');
    expect(result.images[0]?.toDataURL()).toMatch(/^data:image\/png;base64,/);
    expect(reports.at(-1)).toMatchObject({ done: true, backend: result.backend });
    expect(generationsByJob(pool.mocks).get(job.id)).toHaveLength(1);
    // Re-attaching by id from "another process" gives the same result.
    const again = await queue.get(job.id);
    expect(again.images[0]?.bytes).toEqual(result.images[0]?.bytes);
  });

  it('runs a job naming a model on a backend that has it, and dedupes by idempotency key', async () => {
    const first = queue.txt2img({ prompt: 'a', steps: 2 }, { model: 'deliberate_v2', idempotencyKey: 'order-7' });
    const second = queue.txt2img({ prompt: 'a', steps: 2 }, { model: 'deliberate_v2', idempotencyKey: 'order-7' });
    expect(second.id).toBe(first.id);
    const [a, b] = await Promise.all([first.result, second.result]);
    expect(a.info.sd_model_name).toBe('deliberate_v2');
    expect(b.backend).toBe(a.backend);
    expect(generationsByJob(pool.mocks).get(first.id)).toHaveLength(1);
    // Throughput is recorded just after completion, off the job's path.
    await waitFor(async () => (await queue.stats()).completedLastMinute === 1, 5_000, 'throughput recorded');
    const stats = await queue.stats();
    expect(stats.completed).toBe(1);
    expect(stats.backends.map((b) => b.healthy)).toEqual([true, true]);
  });
});
