import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMockServer, type MockServer } from '@sdwebui/mock';
import { startRedisServer, type RedisServer } from '@sdwebui/queue';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../index.js';
import { captureIo } from '../test-io.js';

let redis: RedisServer;
let mock: MockServer;
let dir: string;

beforeAll(async () => {
  redis = await startRedisServer();
  mock = await createMockServer({ stepMs: 1 });
  dir = await mkdtemp(join(tmpdir(), 'cli-queue-'));
});
afterAll(async () => {
  await mock?.close();
  await redis?.stop();
  await rm(dir, { recursive: true, force: true });
});

describe('sdwebui worker and sdwebui queue', () => {
  it('submits and waits for a job served by a worker, then lists it and reports its status', async () => {
    const common = ['--redis', redis.url, '--name', 'cli', '--store', join(dir, 'results')];
    const workerIo = captureIo();
    let stop!: () => void;
    const worker = runCli(['node', 'sdwebui', 'worker', ...common, '--backend', mock.url], {
      io: workerIo,
      untilStopped: () => new Promise<void>((resolve) => (stop = resolve)),
    });

    const submitIo = captureIo();
    const output = join(dir, 'out.png');
    expect(
      await runCli(
        ['node', 'sdwebui', 'queue', 'submit', 'puppy dog', '--steps', '2', '--wait', '-o', output, ...common],
        { io: submitIo },
      ),
    ).toBe(0);
    const id = /^(j-\w+) done on/.exec(submitIo.stdout[0] ?? '')?.[1];
    expect(id).toBeDefined();
    expect((await readFile(output)).subarray(1, 4).toString()).toBe('PNG');

    const lsIo = captureIo();
    expect(await runCli(['node', 'sdwebui', 'queue', 'ls', '--json', ...common], { io: lsIo })).toBe(0);
    expect(JSON.parse(lsIo.stdout.join('\n'))).toMatchObject([{ id, state: 'completed', prompt: 'puppy dog' }]);

    const statusIo = captureIo();
    expect(await runCli(['node', 'sdwebui', 'queue', 'status', id!, ...common], { io: statusIo })).toBe(0);
    expect(statusIo.stdout[0]).toMatch(new RegExp(`^${id}  completed on 127\\.0\\.0\\.1:\\d+$`));
    const totalsIo = captureIo();
    expect(await runCli(['node', 'sdwebui', 'queue', 'status', '--json', ...common], { io: totalsIo })).toBe(0);
    expect(JSON.parse(totalsIo.stdout.join('\n'))).toMatchObject({
      completed: 1,
      backends: [{ healthy: true, completed: 1 }],
    });

    stop();
    expect(await worker).toBe(0);
    expect(workerIo.stdout.some((line) => line.startsWith('job-completed'))).toBe(true);
  });

  it('says what is missing: no Redis URL, no backend, an unknown job', async () => {
    const io = captureIo();
    const env = process.env.REDIS_URL;
    delete process.env.REDIS_URL;
    expect(await runCli(['node', 'sdwebui', 'queue', 'ls'], { io })).toBe(2);
    expect(io.stderr.at(-1)).toMatch(/--redis <url>/);
    expect(
      await runCli(['node', 'sdwebui', 'worker', '--redis', redis.url], { io, untilStopped: async () => {} }),
    ).toBe(2);
    expect(io.stderr.at(-1)).toMatch(/--backend/);
    expect(
      await runCli(['node', 'sdwebui', 'queue', 'status', 'j-nope', '--redis', redis.url, '--name', 'cli'], { io }),
    ).toBe(1);
    expect(await runCli(['node', 'sdwebui', 'queue', 'status', '../etc', '--redis', redis.url], { io })).toBe(2);
    if (env !== undefined) process.env.REDIS_URL = env;
  });
});
