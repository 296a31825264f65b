/**
 * The 200-job run the high-availability tests share: a producer and two workers (two mock backends
 * each) on one connection; `midRun` (a SIGKILLed primary) happens once `killAfter` jobs have
 * completed, and the second half of the jobs is submitted right after it, while Redis is down.
 */
import type { MockServer } from '@sdwebui/mock';
import type { Connection } from '../connection/index.js';
import type { ReplicaWait } from '../connection/replicas.js';
import { createQueue } from '../producer/index.js';
import type { QueueResult } from '../result/index.js';
import { createFileStore } from '../store/index.js';
import type { WorkerEvent } from '../worker/events.js';
import { createWorker } from '../worker/index.js';
import { generationsByJob, waitFor } from './pool.js';

export interface FarmRun {
  ids: string[];
  results: QueueResult[];
  /** Generation requests per job id and per prompt, from the mocks' logs. */
  byJob: Map<string, number[]>;
  byPrompt: Map<string, number>;
  /** When `midRun` ran (ms, `Date.now()`), and the first moments after it that needed Redis. */
  midRunAt: number | undefined;
  /** A submission made after `midRun` was accepted (Redis holds it). */
  firstAcceptedAfter: number | undefined;
  /** A job started after `midRun` completed: its completion was written to Redis after it. */
  firstCompletedAfter: number | undefined;
  stats: Awaited<ReturnType<ReturnType<typeof createQueue>['stats']>>;
  events: WorkerEvent[];
}

/** Generation requests per prompt, from the mocks' logs (the request body the mock parsed). */
export function generationsByPrompt(mocks: MockServer[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const mock of mocks)
    for (const request of mock.requests) {
      if (request.method !== 'POST' || request.path !== '/sdapi/v1/txt2img') continue;
      const prompt = String((request.body as { prompt?: unknown } | undefined)?.prompt ?? '(unlogged)');
      counts.set(prompt, (counts.get(prompt) ?? 0) + 1);
    }
  return counts;
}

export async function runFarm(options: {
  connection: Connection;
  name: string;
  storeDir: string;
  mocks: MockServer[];
  jobs?: number;
  killAfter?: number;
  midRun?: () => Promise<void>;
  /** Given to the producer and the workers. */
  waitForReplicas?: ReplicaWait;
  cleanups: Array<() => Promise<unknown>>;
}): Promise<FarmRun> {
  const { connection, name, mocks, cleanups } = options;
  const total = options.jobs ?? 200;
  const store = createFileStore({ dir: options.storeDir });
  const replicas = options.waitForReplicas ? { waitForReplicas: options.waitForReplicas } : {};
  const queue = createQueue({ connection, name, store, ...replicas });
  cleanups.push(() => queue.close());
  const events: WorkerEvent[] = [];
  const startedAfter = new Set<string>();
  let midRunAt: number | undefined;
  let firstCompletedAfter: number | undefined;
  for (const half of [mocks.slice(0, 2), mocks.slice(2)]) {
    const worker = await createWorker({
      connection,
      name,
      store,
      backends: half.map((mock) => ({ url: mock.url })),
      healthIntervalMs: 500,
      // A job stuck behind a lost answer is recovered within seconds, not the default minute.
      lockMs: 5_000,
      stalledCheckMs: 2_000,
      ...replicas,
    });
    cleanups.push(() => worker.close());
    worker.on('event', (event: WorkerEvent) => {
      events.push(event);
      if (midRunAt === undefined) return;
      if (event.type === 'job-started') startedAfter.add(event.jobId);
      if (event.type === 'job-completed' && startedAfter.has(event.jobId)) firstCompletedAfter ??= Date.now();
    });
  }
  const submit = (index: number) => queue.txt2img({ prompt: `job ${index}`, steps: 5, width: 64, height: 64 });
  const first = Array.from({ length: total / 2 }, (_, index) => submit(index));
  const completed = () => events.filter((event) => event.type === 'job-completed').length;
  await waitFor(() => completed() >= (options.killAfter ?? total / 4), 60_000, 'the first jobs to complete');
  midRunAt = Date.now();
  await options.midRun?.();
  const second = Array.from({ length: total / 2 }, (_, index) => submit(total / 2 + index));
  let firstAcceptedAfter: number | undefined;
  for (const job of second)
    void job.accepted.then(
      () => (firstAcceptedAfter ??= Date.now()),
      () => undefined,
    );
  const jobs = [...first, ...second];
  const settled = await Promise.allSettled(jobs.map((job) => job.result));
  const lost = settled.flatMap((outcome, index) =>
    outcome.status === 'rejected' ? [`${index}: ${String(outcome.reason)}`] : [],
  );
  if (lost.length > 0) throw new Error(`jobs not completed (${lost.length}): ${lost.slice(0, 5).join('; ')}`);
  const results = settled.map((outcome) => (outcome as PromiseFulfilledResult<QueueResult>).value);
  return {
    ids: jobs.map((job) => job.id),
    results,
    byJob: generationsByJob(mocks),
    byPrompt: generationsByPrompt(mocks),
    midRunAt,
    firstAcceptedAfter,
    firstCompletedAfter,
    stats: await queue.stats(),
    events,
  };
}
