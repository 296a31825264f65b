/** Fixtures of the queue command tests: a private Redis, a mock webui, and the CLI run in-process against them. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMockServer, type MockServer } from '@sdwebui/mock';
import { startRedisServer, type RedisServer } from '@sdwebui/queue';
import { runCli, type CliOptions } from '../index.js';
import { captureIo } from './io.js';

export interface QueueCliFixture {
  redis: RedisServer;
  mock: MockServer;
  dir: string;
  /** Runs `sdwebui ARGS` with no REDIS_URL from the machine: each test says where Redis is. */
  sdwebui(options: CliOptions, ...args: string[]): Promise<number>;
  /** The flags naming one queue of its own (a name per test) and its result folder. */
  queueFlags(name: string): string[];
  /** Runs a server command (`worker`, `queue dashboard`) until the returned stop() (which resolves to its exit code). */
  runUntilStopped(options: CliOptions, ...args: string[]): Running;
  /** Runs `sdwebui worker` for one backend until the returned stop(). */
  startWorker(name: string, backend: string, ...extra: string[]): Running;
  close(): Promise<void>;
}

export interface Running {
  io: ReturnType<typeof captureIo>;
  stop(): Promise<number>;
}

export async function startQueueCli(): Promise<QueueCliFixture> {
  const redis = await startRedisServer();
  const mock = await createMockServer({ stepMs: 1 });
  const dir = await mkdtemp(join(tmpdir(), 'cli-queue-'));
  const sdwebui = (options: CliOptions, ...args: string[]) =>
    runCli(['node', 'sdwebui', ...args], { env: {}, ...options });
  const queueFlags = (name: string) => ['--redis', redis.url, '--name', name, '--store', join(dir, `store-${name}`)];
  const runUntilStopped = (options: CliOptions, ...args: string[]): Running => {
    const io = captureIo();
    let stop!: () => void;
    const code = sdwebui(
      { io, ...options, untilStopped: () => new Promise<void>((resolve) => (stop = resolve)) },
      ...args,
    );
    return {
      io,
      stop: async () => {
        stop();
        return code;
      },
    };
  };
  const startWorker = (name: string, backend: string, ...extra: string[]) =>
    runUntilStopped({}, 'worker', ...queueFlags(name), '--backend', backend, ...extra);
  return {
    redis,
    mock,
    dir,
    sdwebui,
    queueFlags,
    runUntilStopped,
    startWorker,
    close: async () => {
      await mock.close();
      await redis.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
