import { createMockServer, type Fault, type MockServer } from '@sdwebui/mock';
import { afterEach, describe, expect, it } from 'vitest';
import { JobFailedError } from '../errors/index.js';
import { createQueue } from '../producer/index.js';
import { createFileStore } from '../store/index.js';
import { generationsByJob, startScratch } from '../testing/pool.js';
import type { WorkerEvent } from './events.js';
import { createWorker } from './index.js';

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/**
 * Backend 0 drops every generation request; backend 1 is healthy. Jobs are queued before the
 * worker starts, so both backends take one at once.
 */
async function run(fault: Fault, nowebui = false, jobs = 4) {
  const scratch = await startScratch();
  cleanups.push(() => scratch.close());
  const mocks: MockServer[] = [
    await createMockServer({ stepMs: 1, faults: [fault], nowebui }),
    await createMockServer({ stepMs: 1 }),
  ];
  cleanups.push(async () => Promise.allSettled(mocks.map((mock) => mock.close())));
  const store = createFileStore({ dir: scratch.storeDir });
  const queue = createQueue({ connection: scratch.redis.url, name: 'd', store });
  cleanups.push(() => queue.close());
  const submitted = Array.from({ length: jobs }, (_, index) => queue.txt2img({ prompt: `d${index}`, steps: 2 }));
  await Promise.all(submitted.map((job) => job.accepted));
  const worker = await createWorker({
    connection: scratch.redis.url,
    name: 'd',
    store,
    backends: mocks.map((mock) => ({ url: mock.url })),
    healthIntervalMs: 100,
  });
  cleanups.push(() => worker.close());
  const events: WorkerEvent[] = [];
  worker.on('event', (event: WorkerEvent) => events.push(event));
  const outcomes = await Promise.all(
    submitted.map((job) =>
      job.result.then(
        (result) => result.backend,
        (error: unknown) => error,
      ),
    ),
  );
  return { mocks, worker, submitted, outcomes, events, byJob: generationsByJob(mocks) };
}

describe('sending again only when the backend says the task is not running', () => {
  it('re-sends a job whose connection dropped before the backend took it (task unknown there)', async () => {
    const { worker, submitted, outcomes, events, byJob } = await run({
      route: 'POST /sdapi/v1/txt2img',
      drop: 'before-headers',
    });
    expect(outcomes).toEqual(submitted.map(() => worker.backends[1]?.id));
    const dropped = submitted.filter((job) => byJob.get(job.id)?.[0] === 0);
    expect(dropped.length).toBeGreaterThan(0);
    // Each dropped job may meet the dropping backend more than once before the healthy one takes it (routing
    // does not promise otherwise); it is generated once, on backend 1, and every drop is recovered as unknown.
    let drops = 0;
    for (const job of dropped) {
      const seen = byJob.get(job.id) ?? [];
      expect(seen.at(-1)).toBe(1);
      expect(seen.slice(0, -1).every((backend) => backend === 0)).toBe(true);
      drops += seen.length - 1;
    }
    const recovered = events.filter((event) => event.type === 'job-recovered');
    expect(recovered.length).toBe(drops);
    expect(recovered.every((event) => event.found === 'unknown')).toBe(true);
  });

  it('re-sends a job whose answer was lost after the backend finished it, and says so (at-least-once)', async () => {
    const { worker, submitted, outcomes, events, byJob } = await run({
      route: 'POST /sdapi/v1/txt2img',
      drop: 'mid-body',
    });
    expect(outcomes).toEqual(submitted.map(() => worker.backends[1]?.id));
    expect(events.some((event) => event.type === 'job-recovered' && event.found === 'completed')).toBe(true);
    for (const job of submitted) expect(byJob.get(job.id)?.at(-1)).toBe(1);
  });

  it('fails, never re-sends, when the backend cannot say whether it ran the task (no /internal/progress)', async () => {
    const { submitted, outcomes, byJob } = await run({ route: 'POST /sdapi/v1/txt2img', drop: 'before-headers' }, true);
    const failed = outcomes.filter((outcome): outcome is JobFailedError => outcome instanceof JobFailedError);
    expect(failed.length).toBeGreaterThan(0);
    for (const error of failed) expect(error.reason).toMatch(/cannot say whether task\(.+\) ran/);
    for (const job of submitted) {
      const sends = byJob.get(job.id) ?? [];
      if (sends[0] === 0) expect(sends).toEqual([0]);
    }
  });
});
