// The farm at scale (issue #25): 64 mock backends (in this process, sampling simulated) fed by one
// worker process, 10,000 jobs. Figures: throughput against the same 64 backends driven directly by
// the SDK (interleaved rounds), submit→start p99 while backends are free, Redis commands and bytes
// per job (INFO commandstats / INFO stats around the queue's rounds only), the worker's RSS after
// warm-up, half-way and at the end. BENCH_SCALE_JOBS and BENCH_SCALE_BACKENDS scale it down.
import { execFile, fork } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createWebuiClient } from '@sdwebui/client';
import { createMockServer } from '@sdwebui/mock';
import { createFileStore, createQueue, startRedisServer } from '@sdwebui/queue';
import { promisify } from 'node:util';
import { figure, mapStats, stats, RUNS } from './stats.mjs';

const BACKENDS = Number(process.env.BENCH_SCALE_BACKENDS ?? 64);
const JOBS = Number(process.env.BENCH_SCALE_JOBS ?? 10_000);
const STEP_MS = 30;
const STEPS = 10; // 300 ms a job: seconds on a GPU; what matters is the time between jobs
const params = { prompt: 'scale', steps: STEPS, width: 64, height: 64 };
const LATENCY_JOBS = Math.min(1_000, JOBS / 10);
/** Redis budget per job (see bench/README.md for why). */
const COMMANDS_BUDGET = 100;
const BYTES_BUDGET = 32 * 1024;

function startWorker(redisUrl, name, storeDir, urls) {
  const child = fork(fileURLToPath(new URL('../servers/queue-worker.mjs', import.meta.url)), [], {
    execArgv: ['--expose-gc'],
    env: { ...process.env, REDIS_URL: redisUrl, QUEUE_NAME: name, STORE_DIR: storeDir, BACKENDS: JSON.stringify(urls) },
  });
  const started = new Map();
  let waiting;
  child.on('message', (message) => {
    if (message.type === 'started') started.set(message.jobId, message.at);
    else waiting?.(message);
  });
  const ask = (request, type) =>
    new Promise((resolve) => {
      waiting = (message) => message.type === type && resolve(message);
      if (request) child.send(request);
    });
  return {
    started,
    ready: ask(undefined, 'ready'),
    rss: async () => (await ask('rss', 'rss')).rss,
    close: () =>
      new Promise((resolve) => {
        child.once('exit', resolve);
        child.send('close');
      }),
  };
}

const run = promisify(execFile);
const info = async (port, section) => (await run('redis-cli', ['-p', String(port), 'info', section])).stdout;

/** Calls (but our own INFO) and bytes, both directions, Redis has served so far. */
async function redisCounters(port) {
  const commandstats = await info(port, 'commandstats');
  const byCommand = Object.fromEntries(
    [...commandstats.matchAll(/^cmdstat_([\w|]+):calls=(\d+)/gm)]
      .filter((match) => match[1] !== 'info')
      .map((match) => [match[1], Number(match[2])]),
  );
  const calls = Object.values(byCommand).reduce((sum, count) => sum + count, 0);
  const stats = await info(port, 'stats');
  const bytes = ['total_net_input_bytes', 'total_net_output_bytes']
    .map((field) => Number(new RegExp(`${field}:(\\d+)`).exec(stats)?.[1] ?? 0))
    .reduce((a, b) => a + b, 0);
  return { calls, bytes, byCommand };
}

export async function queueScaleFigures() {
  let redisServer;
  try {
    redisServer = await startRedisServer();
  } catch (error) {
    return [{ name: 'queue scale figures', skipped: `no redis-server (${error.message.slice(0, 60)})` }];
  }
  const storeDir = await mkdtemp(join(tmpdir(), 'bench-scale-'));
  const mocks = await Promise.all(
    Array.from({ length: BACKENDS }, () => createMockServer({ stepMs: STEP_MS, logRequests: false })),
  );
  const name = 'scale';
  const store = createFileStore({ dir: storeDir });
  const queue = createQueue({ connection: redisServer.url, name, store, keepMs: 600_000 });
  const worker = startWorker(
    redisServer.url,
    name,
    storeDir,
    mocks.map((mock) => mock.url),
  );
  const clients = mocks.map((mock) => createWebuiClient({ baseUrl: mock.url }));
  try {
    await worker.ready;
    // Warm-up: a job per backend each way (lanes, connections, JIT).
    await Promise.all(Array.from({ length: BACKENDS }, () => queue.txt2img(params).result));
    await Promise.all(clients.map((client) => client.txt2img(params)));
    const rss = { warm: await worker.rss() };

    const perBackend = Math.ceil(JOBS / RUNS / BACKENDS);
    const perRound = perBackend * BACKENDS;
    const queued = [];
    const direct = [];
    let calls = 0;
    let bytes = 0;
    const byCommand = {};
    const viaQueue = async () => {
      const before = await redisCounters(redisServer.port);
      const started = performance.now();
      await Promise.all(Array.from({ length: perRound }, () => queue.txt2img(params).result));
      queued.push(performance.now() - started);
      const after = await redisCounters(redisServer.port);
      calls += after.calls - before.calls;
      for (const [command, count] of Object.entries(after.byCommand))
        byCommand[command] = (byCommand[command] ?? 0) + count - (before.byCommand[command] ?? 0);
      bytes += after.bytes - before.bytes;
    };
    const viaSdk = async () => {
      const started = performance.now();
      await Promise.all(
        clients.map(async (client) => {
          for (let i = 0; i < perBackend; i++) await client.txt2img(params);
        }),
      );
      direct.push(performance.now() - started);
    };
    for (let round = 0; round < RUNS; round++) {
      // Each round starts with the other one: none always runs first.
      for (const run of round % 2 === 0 ? [viaQueue, viaSdk] : [viaSdk, viaQueue]) await run();
      // RSS once the first round has filled the allocator's pools, half-way, and at the end.
      if (round === 0) rss.start = await worker.rss();
      if (round === Math.floor((RUNS - 1) / 2)) rss.middle = await worker.rss();
    }
    rss.end = await worker.rss();
    const jobs = perRound * RUNS;
    const top = Object.entries(byCommand)
      .sort((a, b) => b[1] - a[1])
      .slice(0, 12)
      .map(([command, count]) => `${command} ${(count / jobs).toFixed(1)}`);
    console.error(`queue at scale: Redis commands per job, by command: ${top.join(', ')}`);

    // Submit → start while backends are free: one job every 10 ms, each 300 ms long (≈ 30 of 64 busy).
    const submitted = new Map();
    const latencyJobs = [];
    for (let i = 0; i < LATENCY_JOBS; i++) {
      const job = queue.txt2img(params);
      submitted.set(job.id, Date.now());
      latencyJobs.push(job.result);
      await new Promise((resolve) => setTimeout(resolve, (10 * 64) / BACKENDS));
    }
    await Promise.all(latencyJobs);
    const waits = [...submitted].map(([id, at]) => worker.started.get(id) - at).sort((a, b) => a - b);
    const p = (q) => waits[Math.min(waits.length - 1, Math.floor(q * waits.length))];

    const perSecond = (s) => mapStats(s, (ms) => (perRound * 1000) / ms);
    const limit = (text, test) => Object.assign(test, { text });
    const one = (value) => stats([value]);
    return [
      figure({
        name: `queue at scale: ${jobs} jobs over ${BACKENDS} mock backends (${STEPS}×${STEP_MS} ms), one worker process, vs the ${BACKENDS} driven directly by the SDK`,
        unit: 'jobs/s',
        value: perSecond(stats(queued)),
        baseline: perSecond(stats(direct)),
        target: 0.9,
        better: 'higher',
      }),
      figure({
        name: `queue at scale: submit → start p99 with backends free (${LATENCY_JOBS} jobs, one per ${(10 * 64) / BACKENDS} ms; median ${p(0.5)} ms, max ${waits.at(-1)} ms)`,
        unit: 'ms',
        value: one(p(0.99)),
        baseline: one(p(0.5)),
        absolute: limit('<= 50 ms', (v) => v <= 50),
      }),
      figure({
        name: `queue at scale: Redis commands per job (INFO commandstats over the queue's rounds; budget ${COMMANDS_BUDGET})`,
        unit: 'commands',
        value: one(calls / jobs),
        baseline: one(COMMANDS_BUDGET),
        absolute: limit(`<= ${COMMANDS_BUDGET}`, (v) => v <= COMMANDS_BUDGET),
      }),
      figure({
        name: `queue at scale: Redis bytes per job, in + out (INFO stats; budget ${BYTES_BUDGET / 1024} KiB)`,
        unit: 'bytes',
        value: one(bytes / jobs),
        baseline: one(BYTES_BUDGET),
        absolute: limit(`<= ${BYTES_BUDGET}`, (v) => v <= BYTES_BUDGET),
      }),
      figure({
        name: `queue at scale: worker RSS after a GC, at the end vs after the first round (warm-up ${(rss.warm / 2 ** 20).toFixed(1)} MiB, half-way ${(rss.middle / 2 ** 20).toFixed(1)} MiB)`,
        unit: 'MiB',
        value: one(rss.end / 2 ** 20),
        baseline: one(rss.start / 2 ** 20),
        target: 1.1,
        better: 'lower',
      }),
    ];
  } finally {
    await worker.close();
    await queue.close();
    await Promise.all(mocks.map((mock) => mock.close()));
    await redisServer.stop();
    await rm(storeDir, { recursive: true, force: true });
  }
}
