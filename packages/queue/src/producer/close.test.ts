import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { createFileStore } from '../store/index.js';
import { startPool, startScratch } from '../testing/pool.js';
import { createWorker } from '../worker/index.js';

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

// The producer runs in its own process, from the built package, so its timers are the only ones there.
const DIST = fileURLToPath(new URL('../../dist/index.js', import.meta.url));

/**
 * Submits one job, follows it with `progress()`, awaits it and closes the queue, then reports every
 * timer the producer's own code set that fired after `close()` resolved: each one is time the process
 * lingered (`queue submit --wait` took 5.8 s for a job done at 0.74 s). Timers of ioredis (its
 * disconnect fallback) are left out: they are cleared when the socket closes.
 */
function producerScript(redisUrl: string, storeDir: string): string {
  return `
    const real = globalThis.setTimeout;
    let closed = false;
    const late = [];
    globalThis.setTimeout = (fn, ms, ...args) => {
      const where = new Error().stack.split('\\n').slice(2, 4).join(' ');
      return real((...a) => { if (closed && where.includes('/dist/producer/')) late.push(ms + ' ' + where); fn(...a); }, ms, ...args);
    };
    const { createQueue, createFileStore } = await import(${JSON.stringify(DIST)});
    const queue = createQueue({ connection: ${JSON.stringify(redisUrl)}, name: 'c',
      store: createFileStore({ dir: ${JSON.stringify(storeDir)} }) });
    const job = queue.txt2img({ prompt: 'x', steps: 2, width: 64, height: 64 });
    for await (const report of job.progress({ intervalMs: 50 })) {}
    await job;
    await queue.close();
    closed = true;
    process.on('beforeExit', () => console.log(JSON.stringify(late)));`;
}

describe('closing a producer', () => {
  it('leaves nothing of its own running after close(): the process ends when the job does', async () => {
    if (!existsSync(DIST)) throw new Error(`build the package first (${DIST} is missing)`);
    const scratch = await startScratch();
    cleanups.push(() => scratch.close());
    const pool = await startPool(['v1-5-pruned-emaonly'], 5);
    cleanups.push(() => pool.close());
    const worker = await createWorker({
      connection: scratch.redis.url,
      name: 'c',
      store: createFileStore({ dir: scratch.storeDir }),
      backends: pool.mocks.map((mock) => ({ url: mock.url })),
    });
    cleanups.push(() => worker.close());

    const child = spawn(
      process.execPath,
      ['--input-type=module', '-e', producerScript(scratch.redis.url, scratch.storeDir)],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    cleanups.push(async () => child.exitCode === null && child.kill('SIGKILL'));
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const code = await new Promise((resolve) => child.once('exit', resolve));
    expect(code).toBe(0);
    expect(JSON.parse(output.trim())).toEqual([]);
  });
});
