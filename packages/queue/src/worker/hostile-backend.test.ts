/**
 * A backend that answers with a flood (hundreds of thousands of tiny "images", an answer larger
 * than the worker reads, metadata that would fill Redis) fails its job once with a typed error,
 * writes nothing, and leaves the worker serving every other backend.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { JobFailedError } from '../errors/index.js';
import { createQueue } from '../producer/index.js';
import { createFileStore } from '../store/index.js';
import { startHostileBackend } from '../testing/hostile-backend.js';
import { generationsByJob, startPool, startScratch } from '../testing/pool.js';
import type { WorkerEvent } from './events.js';
import { createWorker } from './index.js';

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const PNG_1x1 = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';
const generation = (images: string[], info: Record<string, unknown> = {}) =>
  JSON.stringify({ images, info: JSON.stringify(info), parameters: {} });

/** One hostile backend and one honest one behind one worker; every job queued before it starts. */
async function run(answer: () => string, jobs: number, maxResponseBytes?: number) {
  const scratch = await startScratch();
  cleanups.push(() => scratch.close());
  const pool = await startPool(['v1-5-pruned-emaonly', 'v1-5-pruned-emaonly'], 1);
  cleanups.push(() => pool.close());
  const [upstream, honest] = pool.mocks.map((mock) => mock.url) as [string, string];
  const hostile = await startHostileBackend(upstream, answer);
  cleanups.push(() => hostile.close());
  const store = createFileStore({ dir: scratch.storeDir });
  const queue = createQueue({ connection: scratch.redis.url, name: 'h', store });
  cleanups.push(() => queue.close());
  const submitted = Array.from({ length: jobs }, (_, index) => queue.txt2img({ prompt: `h${index}`, steps: 2 }));
  await Promise.all(submitted.map((job) => job.accepted));
  const worker = await createWorker({
    connection: scratch.redis.url,
    name: 'h',
    store,
    backends: [{ url: hostile.url }, { url: honest }],
    healthIntervalMs: 100,
    ...(maxResponseBytes !== undefined ? { maxResponseBytes } : {}),
  });
  cleanups.push(() => worker.close());
  const events: WorkerEvent[] = [];
  // A log sink that breaks on every event must not stop a backend's loop either.
  worker.on('event', (event: WorkerEvent) => {
    events.push(event);
    throw new Error('the log sink broke');
  });
  const outcomes = await Promise.all(submitted.map((job) => job.result.catch((error: unknown) => error)));
  const [hostileId, honestId] = worker.backends.map((backend) => backend.id);
  const failed = submitted.filter((_, index) => outcomes[index] instanceof JobFailedError);
  // Every job ended: completed on the honest backend, or failed once on the hostile one, never re-sent.
  for (const [index, outcome] of outcomes.entries()) {
    if (outcome instanceof JobFailedError) expect(hostile.generations.get(submitted[index]?.id ?? '')).toBe(1);
    else expect(outcome).toMatchObject({ backend: honestId });
  }
  expect(failed.length).toBeGreaterThan(0);
  expect(events.filter((event) => event.type === 'job-completed' && event.backend === hostileId)).toEqual([]);
  for (const job of failed) expect(existsSync(join(scratch.storeDir, job.id)), job.id).toBe(false);
  expect(generationsByJob(pool.mocks).size).toBe(jobs - failed.length);
  return outcomes.filter((outcome): outcome is JobFailedError => outcome instanceof JobFailedError);
}

describe('a backend that floods the worker', () => {
  it('285,000 three-byte "PNG"s in one 2 MB answer: the job fails, not one file is written', async () => {
    const flood = generation(Array.from({ length: 285_000 }, () => 'iVBO'));
    const failures = await run(() => flood, 6);
    for (const failure of failures) {
      expect(failure).toMatchObject({ errorName: 'BadResponseError', errorKind: 'bad-response' });
      expect(failure.reason).toMatch(/285000 images, where the request allows at most 2/);
    }
  });

  it("an answer past the worker's answer limit fails its job with ResponseTooLargeError", async () => {
    const large = generation([PNG_1x1], { comments: 'x'.repeat(2 * 1024 * 1024) });
    const failures = await run(() => large, 6, 1024 * 1024);
    for (const failure of failures) expect(failure).toMatchObject({ errorName: 'ResponseTooLargeError' });
  });

  it('infotexts that would fill Redis through the image list fail the job; nothing is stored', async () => {
    // 600 kB of infotext in `info` and again in the image list: under the budget once, over it twice.
    const text = 'x'.repeat(600_000);
    const answer = generation([PNG_1x1], { infotexts: [text], all_seeds: [1] });
    const failures = await run(() => answer, 4);
    for (const failure of failures) expect(failure.reason).toMatch(/info, parameters and image list \(limit 1048576\)/);
  });
});
