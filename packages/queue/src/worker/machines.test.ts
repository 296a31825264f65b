import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createQueue } from '../producer/index.js';
import { startRedisServer, type RedisServer } from '../redis-server/index.js';
import { createRedisStore } from '../redis-store/index.js';
import { generationsByPrompt } from '../testing/farm-run.js';
import { generationsByJob, startPool, type Pool } from '../testing/pool.js';

// Each "machine" is a worker process of the built package (turbo builds before testing).
const DIST = fileURLToPath(new URL('../../dist/index.js', import.meta.url));
const MACHINES = 3;

let redis: RedisServer;
let pool: Pool;
const machines: Array<{ child: ChildProcess; home: string; backends: string[] }> = [];

/**
 * A worker process as on its own machine: its own HOSTNAME, TMPDIR and working folder (nothing on
 * disk shared), in a process group of its own; results go through Redis (`createRedisStore`).
 */
async function startMachine(index: number, backends: string[]): Promise<void> {
  const home = await mkdtemp(join(tmpdir(), `sdwebui-machine-${index}-`));
  const script = `
    const { createWorker, createRedisStore } = await import(${JSON.stringify(DIST)});
    const connection = process.env.REDIS_URL;
    const store = createRedisStore({ connection, name: 'farm' });
    const worker = await createWorker({ connection, name: 'farm', store, healthIntervalMs: 500,
      backends: JSON.parse(process.env.BACKENDS).map((url) => ({ url })) });
    worker.on('event', (event) => event.type === 'job-completed' && console.log('done ' + event.jobId));
    process.on('SIGTERM', async () => { await worker.close(); await store.close(); process.exit(0); });
    console.log('ready ' + process.env.HOSTNAME);`;
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
    cwd: home,
    detached: true,
    stdio: ['ignore', 'pipe', 'inherit'],
    env: {
      PATH: process.env.PATH,
      HOSTNAME: `machine-${index}`,
      TMPDIR: home,
      REDIS_URL: redis.url,
      BACKENDS: JSON.stringify(backends),
    },
  });
  machines.push({ child, home, backends });
  await new Promise<void>((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => chunk.toString().includes(`ready machine-${index}`) && resolve());
    child.once('exit', (code) => reject(new Error(`machine ${index} exited early (${code})`)));
  });
}

beforeAll(async () => {
  if (!existsSync(DIST)) throw new Error(`build the package first (${DIST} is missing)`);
  redis = await startRedisServer();
  pool = await startPool(
    Array.from({ length: MACHINES * 2 }, () => 'v1-5-pruned-emaonly'),
    2,
  );
  for (let index = 0; index < MACHINES; index++)
    await startMachine(
      index,
      pool.mocks.slice(index * 2, index * 2 + 2).map((mock) => mock.url),
    );
}, 60_000);

afterAll(async () => {
  for (const { child, home } of machines) {
    if (child.pid !== undefined && child.exitCode === null && child.signalCode === null) {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
    }
    await rm(home, { recursive: true, force: true });
  }
  await pool?.close();
  await redis?.stop();
});

describe('many machines, simulated', () => {
  it('runs jobs over 3 worker processes that share nothing but Redis: each exactly once, images back through Redis', async () => {
    const store = createRedisStore({ connection: redis.url, name: 'farm' });
    const queue = createQueue({ connection: redis.url, name: 'farm', store });
    try {
      const params = (prompt: string) => ({ prompt, steps: 3, width: 64, height: 64 });
      const txt = Array.from({ length: 60 }, (_, index) => queue.txt2img(params(`job ${index}`)));
      // img2img inputs travel through the store too: the machine that runs the job reads them from Redis.
      const pixel = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=';
      const img = Array.from({ length: 6 }, (_, index) =>
        queue.img2img({ ...params(`edit ${index}`), init_images: [`data:image/png;base64,${pixel}`] }),
      );
      const results = await Promise.all([...txt, ...img].map((job) => job.result));
      for (const [index, result] of results.slice(0, 60).entries()) {
        expect(result.images[0]?.infotext).toContain(`job ${index}`);
        expect(result.images[0]?.bytes.byteLength).toBeGreaterThan(0);
      }
      const byJob = generationsByJob(pool.mocks);
      for (const job of [...txt, ...img]) expect(byJob.get(job.id), job.id).toHaveLength(1);
      const byPrompt = generationsByPrompt(pool.mocks);
      for (let index = 0; index < 60; index++) expect(byPrompt.get(`job ${index}`)).toBe(1);
      // Every machine served jobs (its backends are its own).
      const served = machines.map(
        ({ backends }) => results.filter((result) => backends.some((url) => url.endsWith(result.backend))).length,
      );
      expect(
        served.every((count) => count > 0),
        served.join(','),
      ).toBe(true);
      expect(served.reduce((sum, count) => sum + count, 0)).toBe(66);
      // Nothing went to a machine's disk: no file store was made in its TMPDIR or working folder.
      for (const { home } of machines) expect(await readdir(home)).toEqual([]);
      expect(await queue.stats()).toMatchObject({ completed: 66, failed: 0 });
    } finally {
      await queue.close();
      await store.close();
    }
  }, 120_000);
});
