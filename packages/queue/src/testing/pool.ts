/** Shared test fixtures: a private redis-server and a pool of mock webuis (no recorded data involved). */
import { createWebuiClient } from '@sdwebui/client';
import { createMockServer, type MockServer } from '@sdwebui/mock';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startRedisServer, type RedisServer } from '../redis-server/index.js';
import { JOB_HEADER } from '../worker/run-job.js';

/** The mock's three checkpoints, by basename. */
export const MODELS = ['v1-5-pruned-emaonly', 'deliberate_v2', 'sd_xl_base_1.0'] as const;

export interface Pool {
  mocks: MockServer[];
  close(): Promise<void>;
}

/** Starts `loaded.length` mock webuis, each with the given checkpoint loaded. */
export async function startPool(loaded: string[], stepMs: number): Promise<Pool> {
  const mocks = await Promise.all(
    loaded.map(async (model) => {
      const mock = await createMockServer({ profile: 'a1111-1.10', stepMs });
      await createWebuiClient({ baseUrl: mock.url }).setOptions({ sd_model_checkpoint: model });
      return mock;
    }),
  );
  return { mocks, close: async () => void (await Promise.allSettled(mocks.map((mock) => mock.close()))) };
}

/** Generation requests per queue job id, from the mocks' own request logs: job id → mock indexes. */
export function generationsByJob(mocks: MockServer[]): Map<string, number[]> {
  const byJob = new Map<string, number[]>();
  mocks.forEach((mock, index) => {
    for (const request of mock.requests) {
      if (request.method !== 'POST' || !/\/sdapi\/v1\/(txt|img)2img$/.test(request.path)) continue;
      const id = request.headers[JOB_HEADER] ?? '(none)';
      byJob.set(id, [...(byJob.get(id) ?? []), index]);
    }
  });
  return byJob;
}

/** Model switches each mock saw (POST /options, which the worker sends only to switch). */
export function modelSwitches(mocks: MockServer[], setupPosts = 1): number {
  return mocks.reduce(
    (sum, mock) =>
      sum + mock.requests.filter((r) => r.method === 'POST' && r.path === '/sdapi/v1/options').length - setupPosts,
    0,
  );
}

export interface Scratch {
  redis: RedisServer;
  storeDir: string;
  close(): Promise<void>;
}

export async function startScratch(appendOnly = false): Promise<Scratch> {
  const redis = await startRedisServer({ appendOnly });
  const storeDir = await mkdtemp(join(tmpdir(), 'queue-results-'));
  return {
    redis,
    storeDir,
    close: async () => {
      await redis.stop();
      await rm(storeDir, { recursive: true, force: true });
    },
  };
}

/** Waits until `check` holds, polling; fails after `timeoutMs`. */
export async function waitFor(
  check: () => boolean | Promise<boolean>,
  timeoutMs = 20_000,
  what = 'condition',
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
