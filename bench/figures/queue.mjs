// The queue's figures: throughput over N mock backends against N backends driven directly by
// the SDK, and the per-job overhead of going through Redis against a direct SDK call. Each
// pair runs alternately in the same process with a private redis-server (Debian package).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createWebuiClient } from '@sdwebui/client';
import { createMockServer } from '@sdwebui/mock';
import { createFileStore, createQueue, createWorker, startRedisServer } from '@sdwebui/queue';
import { queueHostileFigures } from './queue-hostile.mjs';
import { figure, mapStats, stats, timePair, RUNS } from './stats.mjs';

const STEP_MS = 20;
const STEPS = 10; // 200 ms of simulated sampling per job (a real GPU takes seconds): the time the queue must not waste
const JOBS_PER_BACKEND = 6;
const params = { prompt: 'bench', steps: STEPS, width: 64, height: 64 };

async function throughput(redis, storeDir, n) {
  const mocks = await Promise.all(Array.from({ length: n }, () => createMockServer({ stepMs: STEP_MS })));
  const name = `bench-${n}`;
  const store = createFileStore({ dir: storeDir });
  const queue = createQueue({ connection: redis.url, name, store, keepMs: 60_000 });
  const worker = await createWorker({
    connection: redis.url,
    name,
    store,
    backends: mocks.map((mock) => ({ url: mock.url })),
  });
  const clients = mocks.map((mock) => createWebuiClient({ baseUrl: mock.url }));
  const jobs = n * JOBS_PER_BACKEND;
  try {
    const { value, baseline } = await timePair(
      async () => void (await Promise.all(Array.from({ length: jobs }, () => queue.txt2img(params).result))),
      async () =>
        void (await Promise.all(
          clients.map(async (client) => {
            for (let i = 0; i < JOBS_PER_BACKEND; i++) await client.txt2img(params);
          }),
        )),
      // Each round is seconds of simulated sampling: the load runs' count, not the in-process one.
      { minRounds: RUNS, maxRounds: 3 * RUNS },
    );
    // Jobs per second, so higher is better: invert the times.
    const perSecond = (s) => mapStats(s, (ms) => (jobs * 1000) / ms);
    return figure({
      name: `queue throughput, ${n} mock backend(s), ${STEPS}×${STEP_MS} ms jobs, vs ${n} driven directly by the SDK`,
      unit: 'jobs/s',
      value: perSecond(value),
      baseline: perSecond(baseline),
      target: 0.9,
      better: 'higher',
    });
  } finally {
    await worker.close();
    await queue.close();
    await Promise.all(mocks.map((mock) => mock.close()));
  }
}

async function overhead(redis, storeDir) {
  const mock = await createMockServer({ stepMs: 0 });
  const store = createFileStore({ dir: storeDir });
  const queue = createQueue({ connection: redis.url, name: 'bench-overhead', store, keepMs: 60_000 });
  const worker = await createWorker({
    connection: redis.url,
    name: 'bench-overhead',
    store,
    backends: [{ url: mock.url }],
  });
  const client = createWebuiClient({ baseUrl: mock.url });
  const small = { prompt: 'bench', steps: 1, width: 64, height: 64 };
  try {
    const queued = [];
    const direct = [];
    for (let i = 0; i < 3; i++) await queue.txt2img(small).result; // warm-up: lanes, connections
    for (let i = 0; i < RUNS * 10; i++) {
      let started = performance.now();
      await queue.txt2img(small).result;
      queued.push(performance.now() - started);
      started = performance.now();
      await client.txt2img(small);
      direct.push(performance.now() - started);
    }
    const differences = queued.map((time, i) => time - direct[i]);
    const limit = (v) => v <= 20;
    limit.text = '<= 20 ms added';
    return figure({
      name: 'per-job overhead of the queue (submit → result, 1 backend, idle) vs a direct SDK call',
      unit: 'ms added',
      value: stats(differences),
      baseline: stats(direct),
      absolute: limit,
    });
  } finally {
    await worker.close();
    await queue.close();
    await mock.close();
  }
}

export async function queueFigures() {
  let redis;
  try {
    redis = await startRedisServer();
  } catch (error) {
    return [{ name: 'queue figures', skipped: `no redis-server (${error.message.slice(0, 60)})` }];
  }
  const storeDir = await mkdtemp(join(tmpdir(), 'bench-queue-'));
  try {
    const figures = [];
    for (const n of [1, 2, 4]) figures.push(await throughput(redis, storeDir, n));
    figures.push(await overhead(redis, storeDir));
    figures.push(...(await queueHostileFigures(redis)));
    return figures;
  } finally {
    await redis.stop();
    await rm(storeDir, { recursive: true, force: true });
  }
}
