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
  /** Runs `sdwebui worker` until the returned stop() (which resolves to its exit code). */
  startWorker(
    name: string,
    backend: string,
    ...extra: string[]
  ): { io: ReturnType<typeof captureIo>; stop(): Promise<number> };
  close(): Promise<void>;
}

export async function startQueueCli(): Promise<QueueCliFixture> {
  const redis = await startRedisServer();
  const mock = await createMockServer({ stepMs: 1 });
  const dir = await mkdtemp(join(tmpdir(), 'cli-queue-'));
  const sdwebui = (options: CliOptions, ...args: string[]) =>
    runCli(['node', 'sdwebui', ...args], { env: {}, ...options });
  const queueFlags = (name: string) => ['--redis', redis.url, '--name', name, '--store', join(dir, `store-${name}`)];
  const startWorker = (name: string, backend: string, ...extra: string[]) => {
    const io = captureIo();
    let stop!: () => void;
    const code = sdwebui(
      { io, untilStopped: () => new Promise<void>((resolve) => (stop = resolve)) },
      'worker',
      ...queueFlags(name),
      '--backend',
      backend,
      ...extra,
    );
    return {
      io,
      stop: async () => {
        stop();
        return code;
      },
    };
  };
  return {
    redis,
    mock,
    dir,
    sdwebui,
    queueFlags,
    startWorker,
    close: async () => {
      await mock.close();
      await redis.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
