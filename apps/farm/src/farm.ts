import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createWebuiClient } from '@sdwebui/client';
import { createMockServer, type MockServer } from '@sdwebui/mock';
import { createFileStore, createQueue, startRedisServer, type QueueResult, type RedisServer } from '@sdwebui/queue';

/** The mock's three checkpoints; backend i starts with MODELS[i % 3] loaded. */
const MODELS = ['v1-5-pruned-emaonly', 'deliberate_v2', 'sd_xl_base_1.0'] as const;

export interface FarmOptions {
  /** Mock webuis (default 4). */
  backends?: number;
  /** Worker processes; the backends are split between them (default 2). */
  workers?: number;
  /** Jobs the producer submits (default 100). */
  jobs?: number;
  /** Simulated ms per sampling step (default 10), so jobs take time. */
  stepMs?: number;
  /** An existing Redis (default: env REDIS_URL, else a private redis-server on a free port). */
  redisUrl?: string;
  /** Where lines go (default: stdout). */
  log?: (line: string) => void;
}

export interface JobOutcome {
  id: string;
  model: string | undefined;
  state: 'completed' | 'failed';
  backend: string | undefined;
  detail: string;
}

export interface FarmReport {
  outcomes: JobOutcome[];
  perBackend: Record<string, number>;
  seconds: number;
  jobsPerSecond: number;
}

const WORKER = fileURLToPath(new URL('../dist/worker-process.js', import.meta.url));

function startWorker(config: object, log: (line: string) => void): Promise<ChildProcess> {
  const child = spawn(process.execPath, [WORKER, JSON.stringify(config)], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    // A 'pipe' stdout always gives the child a stdout stream; the check narrows the type.
    const stdout = child.stdout;
    if (!stdout) throw new Error('worker process has no stdout pipe');
    let buffer = '';
    stdout.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      const lines = buffer.split('\n');
      buffer = lines.pop() ?? '';
      for (const line of lines) {
        if (line === 'ready') resolve(child);
        else if (line.includes('"backend-down"') || line.includes('"job-failed"') || line.includes('"job-recovered"'))
          log(`  worker ${child.pid}: ${line}`);
      }
    });
    child.once('exit', (code) => reject(new Error(`worker process exited with ${code}`)));
  });
}

/**
 * Starts N mock webuis with different models loaded, worker processes that split them, and a
 * producer that submits a mix of jobs (some name a model, some a priority); reports every
 * job's outcome, the jobs per backend and the throughput. Everything it starts, it stops.
 */
export async function runFarm(options: FarmOptions = {}): Promise<FarmReport> {
  const log = options.log ?? ((line: string) => process.stdout.write(`${line}\n`));
  const backendCount = options.backends ?? 4;
  const workerCount = Math.min(options.workers ?? 2, backendCount);
  const jobCount = options.jobs ?? 100;
  const stepMs = options.stepMs ?? 10;
  const stops: Array<() => Promise<unknown>> = [];
  try {
    let redisUrl = options.redisUrl ?? process.env.REDIS_URL;
    if (!redisUrl) {
      const redis: RedisServer = await startRedisServer({ appendOnly: true });
      stops.push(() => redis.stop());
      redisUrl = redis.url;
      log(`redis-server on ${redis.url} (AOF on, data in ${redis.dir})`);
    }
    const storeDir = await mkdtemp(join(tmpdir(), 'sdwebui-farm-'));
    stops.push(() => rm(storeDir, { recursive: true, force: true }));
    const mocks: MockServer[] = [];
    for (let i = 0; i < backendCount; i++) {
      const mock = await createMockServer({ profile: 'a1111-1.10', stepMs });
      stops.push(() => mock.close());
      const model = MODELS[i % MODELS.length] ?? MODELS[0];
      await createWebuiClient({ baseUrl: mock.url }).setOptions({ sd_model_checkpoint: model });
      mocks.push(mock);
      log(`mock webui ${mock.url} with ${model} loaded, ${stepMs} ms per step`);
    }
    const name = `farm-${process.pid}`;
    for (let w = 0; w < workerCount; w++) {
      const backends = mocks.filter((_, i) => i % workerCount === w).map((mock) => mock.url);
      const child = await startWorker({ redisUrl, name, storeDir, backends }, log);
      stops.push(
        () =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null) return resolve();
            child.removeAllListeners('exit');
            child.once('exit', () => resolve());
            child.kill('SIGTERM');
          }),
      );
      log(`worker process ${child.pid}: ${backends.join(', ')}`);
    }

    const queue = createQueue({ connection: redisUrl, name, store: createFileStore({ dir: storeDir }) });
    stops.push(() => queue.close());
    const started = performance.now();
    const jobs = Array.from({ length: jobCount }, (_, i) => {
      const model = i % 4 === 3 ? undefined : MODELS[(i * 5 + 1) % MODELS.length];
      const job = queue.txt2img(
        { prompt: `farm job ${i}`, steps: 8, width: 64, height: 64 },
        { ...(model ? { model } : {}), ...(i % 10 === 0 ? { priority: 1 } : {}) },
      );
      return { job, model };
    });
    log(`submitted ${jobCount} jobs (a quarter without a model, every tenth with priority 1)`);
    const outcomes: JobOutcome[] = await Promise.all(
      jobs.map(async ({ job, model }): Promise<JobOutcome> => {
        try {
          const result: QueueResult = await job;
          return {
            id: job.id,
            model,
            state: 'completed',
            backend: result.backend,
            detail: `${result.images.length} image, ${result.info.sd_model_name}`,
          };
        } catch (error) {
          return {
            id: job.id,
            model,
            state: 'failed',
            backend: undefined,
            detail: error instanceof Error ? error.message : String(error),
          };
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    const perBackend: Record<string, number> = {};
    for (const outcome of outcomes)
      if (outcome.backend) perBackend[outcome.backend] = (perBackend[outcome.backend] ?? 0) + 1;
    for (const outcome of outcomes)
      log(
        [
          outcome.id,
          outcome.state.padEnd(9),
          (outcome.backend ?? '-').padEnd(16),
          (outcome.model ?? '(any model)').padEnd(20),
          outcome.detail,
        ].join(' '),
      );
    log('');
    for (const [backend, count] of Object.entries(perBackend).sort()) log(`${backend}: ${count} jobs`);
    const stats = await queue.stats();
    log(`model switches: ${stats.backends.map((backend) => `${backend.id} ${backend.modelSwitches}`).join(', ')}`);
    const completed = outcomes.filter((outcome) => outcome.state === 'completed').length;
    log(
      `${completed}/${jobCount} completed in ${seconds.toFixed(1)} s: ` +
        `${(completed / seconds).toFixed(1)} jobs/s over ${backendCount} backends`,
    );
    return { outcomes, perBackend, seconds, jobsPerSecond: completed / seconds };
  } finally {
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
  }
}
