import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runFarm } from '../testing/farm-run.js';
import { startPool, waitFor, type Pool } from '../testing/pool.js';
import { startSentinelGroup, type SentinelGroup } from '../testing/redis-ha.js';
import { checkConnection } from './index.js';

let group: SentinelGroup;
let pool: Pool;
let storeDir: string;
const cleanups: Array<() => Promise<unknown>> = [];

beforeAll(async () => {
  group = await startSentinelGroup({ replicas: 2, sentinels: 3 });
  pool = await startPool(
    ['v1-5-pruned-emaonly', 'v1-5-pruned-emaonly', 'v1-5-pruned-emaonly', 'v1-5-pruned-emaonly'],
    4,
  );
  storeDir = await mkdtemp(join(tmpdir(), 'queue-results-'));
}, 90_000);

afterAll(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
  await pool?.close();
  await group?.stop();
  if (storeDir) await rm(storeDir, { recursive: true, force: true });
});

describe('Redis Sentinel', () => {
  it('checks a Sentinel connection, and names the sentinels (never a password) when none answers', async () => {
    await expect(checkConnection(group.connection)).resolves.toBeUndefined();
    const error = await checkConnection({
      sentinels: [{ host: '127.0.0.1', port: 1 }],
      name: 'sdwebui',
      password: 'hunter22',
    }).catch((caught: unknown) => caught);
    expect((error as Error).message).toMatch(/^cannot use Redis at primary "sdwebui" via sentinels 127\.0\.0\.1:1: /);
    expect((error as Error).message).not.toContain('hunter22');
  });

  it('runs 200 jobs over 4 backends across a SIGKILLed primary: each exactly once, nobody restarted', async () => {
    const before = await group.primaryPort();
    expect(before).toBe(group.primary.port);
    // A sentinel's own announcement of the new primary, to report how long Sentinel took.
    const watcher = new Redis({ host: '127.0.0.1', port: group.sentinels[0]?.port });
    cleanups.push(async () => watcher.disconnect());
    let switchedAt: number | undefined;
    await watcher.subscribe('+switch-master');
    watcher.on('message', () => (switchedAt ??= Date.now()));

    // A command line's check made while the primary is down waits for the failover (within its timeout).
    let checked: Promise<number> | undefined;
    const run = await runFarm({
      connection: group.connection,
      name: 'ha',
      storeDir,
      mocks: pool.mocks,
      killAfter: 50,
      midRun: async () => {
        group.primary.kill();
        checked = checkConnection(group.connection, { timeoutMs: 30_000 }).then(() => Date.now());
      },
      // A submission is accepted, and a job sent, only once a replica holds it: what the kill must not lose.
      waitForReplicas: { replicas: 1, timeoutMs: 2_000 },
      cleanups,
    });

    // Nobody was restarted: the producer and both workers reached the new primary on their own.
    const after = await group.primaryPort();
    expect(after).not.toBe(before);
    expect(group.replicas.map((replica) => replica.port)).toContain(after);
    // Every accepted job completed, each generated exactly once (the mocks' logs, by job id and by prompt).
    expect(run.results).toHaveLength(200);
    expect(run.byJob.size).toBe(200);
    for (const id of run.ids) expect(run.byJob.get(id), id).toHaveLength(1);
    for (let index = 0; index < 200; index++) expect(run.byPrompt.get(`job ${index}`), `job ${index}`).toBe(1);
    for (const [index, result] of run.results.entries()) expect(result.images[0]?.infotext).toContain(`job ${index}`);
    expect(run.stats).toMatchObject({ waiting: 0, active: 0, completed: 200, failed: 0 });
    expect(run.events.filter((event) => event.type === 'job-failed')).toEqual([]);

    await waitFor(() => switchedAt !== undefined, 10_000, 'the +switch-master announcement');
    const killedAt = run.midRunAt ?? Number.NaN;
    console.log(
      `sentinel failover: +switch-master ${(switchedAt ?? Number.NaN) - killedAt} ms after the SIGKILL; ` +
        `first submission accepted ${(run.firstAcceptedAfter ?? Number.NaN) - killedAt} ms after; ` +
        `first job started after it completed ${(run.firstCompletedAfter ?? Number.NaN) - killedAt} ms after ` +
        `(${run.events.filter((event) => event.type === 'job-handed-back').length} hand-backs, ` +
        `${run.events.filter((event) => event.type === 'job-recovered').length} recoveries, ` +
        `${run.events.filter((event) => event.type === 'error' && event.message.includes('replica')).length} writes short of a replica)`,
    );
    expect(run.firstCompletedAfter).toBeGreaterThan(killedAt);
    // Sentinel waits down-after-milliseconds (1 s) before it even votes: a check that passed waited for the new primary.
    expect(await checked).toBeGreaterThan(killedAt + 1_000);
  }, 180_000);
});
