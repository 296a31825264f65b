import { afterEach, describe, expect, it } from 'vitest';
import { QueueConfigError, QuotaError } from '../errors/index.js';
import { createQueue, type QueueOptions, type SdwebuiQueue } from '../producer/index.js';
import { createFileStore } from '../store/index.js';
import { startPool, startScratch, waitFor, type Pool, type Scratch } from '../testing/pool.js';
import type { WorkerEvent } from '../worker/events.js';
import { createWorker, type SdwebuiWorker } from '../worker/index.js';

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

interface Farm {
  scratch: Scratch;
  pool: Pool;
  queue: SdwebuiQueue;
  /** Job ids in the order their runs started. */
  started: string[];
  /** Starts and ends in the order the worker reported them. */
  sequence: Array<['start' | 'end', string]>;
  startWorker(): Promise<SdwebuiWorker>;
}

async function startFarm(backends: number, tenants: QueueOptions['tenants'] = {}): Promise<Farm> {
  const scratch = await startScratch();
  cleanups.push(() => scratch.close());
  const pool = await startPool(Array(backends).fill('v1-5-pruned-emaonly'), 2);
  cleanups.push(() => pool.close());
  const store = createFileStore({ dir: scratch.storeDir });
  const queue = createQueue({ connection: scratch.redis.url, name: 'fair', store, tenants });
  cleanups.push(() => queue.close());
  const started: string[] = [];
  const sequence: Farm['sequence'] = [];
  const startWorker = async () => {
    const worker = await createWorker({
      connection: scratch.redis.url,
      name: 'fair',
      store,
      backends: pool.mocks.map((mock) => ({ url: mock.url })),
    });
    cleanups.push(() => worker.close());
    worker.on('event', (event: WorkerEvent) => {
      if (event.type === 'job-started') started.push(event.jobId);
      if (event.type === 'job-started') sequence.push(['start', event.jobId]);
      if (event.type === 'job-completed' || event.type === 'job-failed') sequence.push(['end', event.jobId]);
    });
    return worker;
  };
  return { scratch, pool, queue, started, sequence, startWorker };
}

const job = { prompt: 'p', steps: 2, width: 64, height: 64 };

describe('tenants', () => {
  it('gives a tenant its turn while another floods: its job is the next or next-but-one to start', async () => {
    const farm = await startFarm(1);
    await farm.startWorker();
    const flood = Array.from({ length: 100 }, () => farm.queue.txt2img(job, { tenant: 'flooder' }));
    await Promise.all(flood.map((queued) => queued.accepted));
    await waitFor(() => farm.started.length >= 3, 20_000, 'the flood running');

    const other = farm.queue.txt2img(job, { tenant: 'team b' });
    await other.accepted;
    const before = farm.started.length;
    await other;
    // Starts after the acceptance: at most the flooder's job whose pick was already under way, then this one.
    const after = farm.started.slice(before);
    expect(after.indexOf(other.id)).toBeGreaterThanOrEqual(0);
    expect(after.indexOf(other.id)).toBeLessThanOrEqual(1);
    expect(farm.started.length).toBeLessThan(100);
    expect((await other.summary()).tenant).toBe('team b');
    for (const queued of flood) await queued.cancel();
  });

  it('shares by weight when both have work, and keeps priorities inside a tenant', async () => {
    const farm = await startFarm(1, { heavy: { weight: 3 }, light: { weight: 1 } });
    const heavy = Array.from({ length: 30 }, () => farm.queue.txt2img(job, { tenant: 'heavy' }));
    const light = Array.from({ length: 30 }, () => farm.queue.txt2img(job, { tenant: 'light' }));
    const urgent = farm.queue.txt2img(job, { tenant: 'light', priority: 1 });
    await Promise.all([...heavy, ...light, urgent].map((queued) => queued.accepted));
    await farm.startWorker();
    await waitFor(() => farm.started.length >= 20, 30_000, '20 jobs started');
    const first = farm.started.slice(0, 20);
    const heavyIds = new Set(heavy.map((queued) => queued.id));
    const heavyCount = first.filter((id) => heavyIds.has(id)).length;
    expect(heavyCount).toBeGreaterThanOrEqual(14);
    expect(heavyCount).toBeLessThanOrEqual(16);
    // Light's first turn goes to its priority-1 job, although it was submitted last.
    expect(first.find((id) => !heavyIds.has(id))).toBe(urgent.id);
    const stats = await farm.queue.stats();
    expect(stats.tenants.map((tenant) => [tenant.name, tenant.weight])).toEqual([
      ['heavy', 3],
      ['light', 1],
    ]);
    for (const queued of [...heavy, ...light]) await queued.cancel();
  });

  it('holds a tenant to maxRunning over every backend while the others use the rest', async () => {
    const farm = await startFarm(3, { capped: { maxRunning: 1 } });
    const capped = Array.from({ length: 6 }, () => farm.queue.txt2img(job, { tenant: 'capped' }));
    const free = Array.from({ length: 6 }, () => farm.queue.txt2img(job, { tenant: 'free' }));
    await Promise.all([...capped, ...free].map((queued) => queued.accepted));
    await farm.startWorker();
    await Promise.all([...capped, ...free].map((queued) => queued.result));
    // Replayed from the worker's own order of starts and ends (an end is reported before the slot is freed).
    expect(maxRunning(farm.sequence, new Set(capped.map((queued) => queued.id)))).toBe(1);
    expect(maxRunning(farm.sequence, new Set(free.map((queued) => queued.id)))).toBeGreaterThanOrEqual(1);
  });

  it('refuses a submission past maxWaiting with QuotaError, across producers, and not the other tenants', async () => {
    const farm = await startFarm(1, { small: { maxWaiting: 5 } });
    const second = createQueue({ connection: farm.scratch.redis.url, name: 'fair', store: farm.queue.store });
    cleanups.push(() => second.close());
    // No worker yet: everything waits. Ten submissions at once from two producers; five get in.
    const tries = Array.from({ length: 10 }, (_, index) =>
      (index % 2 ? second : farm.queue).txt2img(job, { tenant: 'small' }),
    );
    const outcomes = await Promise.allSettled(tries.map((queued) => queued.accepted));
    expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(5);
    const refused = outcomes.find((outcome) => outcome.status === 'rejected');
    expect(refused?.status === 'rejected' && refused.reason).toBeInstanceOf(QuotaError);
    expect(refused?.status === 'rejected' && refused.reason).toMatchObject({
      tenant: 'small',
      limit: 'maxWaiting',
      max: 5,
      current: 5,
    });
    await expect(farm.queue.txt2img(job, { tenant: 'other' }).accepted).resolves.toBeUndefined();
    expect((await farm.queue.stats()).tenants).toEqual(
      expect.arrayContaining([expect.objectContaining({ name: 'small', waiting: 5, maxWaiting: 5 })]),
    );

    // A place frees up when one is cancelled; then one more gets in, and once running they all finish.
    const accepted = tries.filter((_, index) => outcomes[index]?.status === 'fulfilled');
    await accepted[0]?.cancel();
    await expect(farm.queue.txt2img(job, { tenant: 'small' }).accepted).resolves.toBeUndefined();
    await expect(farm.queue.txt2img(job, { tenant: 'small' }).accepted).rejects.toBeInstanceOf(QuotaError);
    await farm.startWorker();
    await Promise.all(accepted.slice(1).map((queued) => queued.result));
  });

  it('takes any printable tenant name as a label only: keys come from its hash; control characters and bidirectional overrides are refused', async () => {
    const farm = await startFarm(1);
    await farm.startWorker();
    const hostile = '../../etc:{bull}*\u00e9 ✓';
    const queued = farm.queue.txt2img(job, { tenant: hostile });
    expect((await queued).images).toHaveLength(1);
    const { Redis } = await import('ioredis');
    const redis = new Redis(farm.scratch.redis.url);
    cleanups.push(async () => redis.disconnect());
    const keys = await redis.keys('*');
    expect(keys.filter((key) => key.includes('etc') || key.includes('{bull}'))).toEqual([]);
    expect((await queued.summary()).tenant).toBe(hostile);
    expect(() => farm.queue.txt2img(job, { tenant: 'a\u001b[2Jb' })).toThrow(QueueConfigError);
    expect(() => farm.queue.txt2img(job, { tenant: '' })).toThrow(QueueConfigError);
    for (const disguised of ['acme\u202e', 'a\u2066b', 'a\u0085b', 'a\tb'])
      expect(() => farm.queue.txt2img(job, { tenant: disguised }), JSON.stringify(disguised)).toThrow(QueueConfigError);
    expect(() => createQueue({ connection: farm.scratch.redis.url, tenants: { x: { weight: 0 } } })).toThrow(
      /weight must be a whole number from 1 to 1000/,
    );
  });
});

/** The most jobs of a set that were running at once. */
function maxRunning(sequence: Farm['sequence'], ids: Set<string>): number {
  let running = 0;
  let most = 0;
  for (const [kind, id] of sequence) {
    if (!ids.has(id)) continue;
    running += kind === 'start' ? 1 : -1;
    most = Math.max(most, running);
  }
  return most;
}
