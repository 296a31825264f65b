import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveDashboard } from '../dashboard/index.js';
import { JobCancelledError, QuotaError } from '../errors/index.js';
import { createQueue } from '../producer/index.js';
import { createFileStore } from '../store/index.js';
import { runFarm } from '../testing/farm-run.js';
import { startPool, waitFor, type Pool } from '../testing/pool.js';
import { verifyWebhook } from '../webhooks/verify.js';
import { createWorker } from '../worker/index.js';
import { startCluster, type RedisCluster } from '../testing/redis-ha.js';
import { checkConnection } from './index.js';

let cluster: RedisCluster;
let pool: Pool;
let storeDir: string;
const cleanups: Array<() => Promise<unknown>> = [];

beforeAll(async () => {
  cluster = await startCluster({ primaries: 3 });
  pool = await startPool(['v1-5-pruned-emaonly', 'deliberate_v2', 'v1-5-pruned-emaonly', 'deliberate_v2'], 2);
  storeDir = await mkdtemp(join(tmpdir(), 'queue-results-'));
}, 90_000);

afterAll(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
  await pool?.close();
  await cluster?.stop();
  if (storeDir) await rm(storeDir, { recursive: true, force: true });
});

/** The slots of every key on the cluster, and the nodes holding any. */
async function keySlots(): Promise<{ slots: Set<number>; holders: number[]; keys: string[] }> {
  const slots = new Set<number>();
  const holders: number[] = [];
  const all: string[] = [];
  for (const node of cluster.nodes) {
    const redis = new Redis({ host: '127.0.0.1', port: node.port });
    try {
      const keys = await redis.keys('*');
      if (keys.length > 0) holders.push(node.port);
      all.push(...keys);
      for (const key of keys) slots.add(Number(await redis.call('CLUSTER', 'KEYSLOT', key)));
    } finally {
      redis.disconnect();
    }
  }
  return { slots, holders, keys: all };
}

const SECRET = `whsec_${Buffer.from('a test secret of 32 bytes, fixed').toString('base64')}`;

describe('Redis Cluster', () => {
  it('checks a Cluster connection', async () => {
    await expect(checkConnection(cluster.connection)).resolves.toBeUndefined();
  });

  it('runs 200 jobs over 4 backends on a 3-primary cluster, each exactly once, every key in one slot', async () => {
    const run = await runFarm({ connection: cluster.connection, name: 'farm', storeDir, mocks: pool.mocks, cleanups });
    expect(run.results).toHaveLength(200);
    expect(run.byJob.size).toBe(200);
    for (const id of run.ids) expect(run.byJob.get(id), id).toHaveLength(1);
    for (let index = 0; index < 200; index++) expect(run.byPrompt.get(`job ${index}`), `job ${index}`).toBe(1);
    expect(run.stats).toMatchObject({ waiting: 0, active: 0, completed: 200, failed: 0 });
    expect(new Set(run.results.map((result) => result.backend)).size).toBe(4);

    // Every key the queue wrote (ours and BullMQ's) is on one node, in one slot.
    const { slots, holders } = await keySlots();
    expect(holders).toHaveLength(1);
    expect(slots.size).toBe(1);
  }, 180_000);

  it('runs tenants with caps, a cancel and a signed webhook on the cluster, still in one slot per queue', async () => {
    const seen: Array<{ headers: Record<string, string>; body: string }> = [];
    const receiver = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString()));
      request.on('end', () => {
        seen.push({ headers: request.headers as Record<string, string>, body });
        response.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => new Promise((resolve) => receiver.close(resolve)));
    const hook = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;

    const store = createFileStore({ dir: join(storeDir, 'tenants') });
    const queue = createQueue({
      connection: cluster.connection,
      name: 'teams',
      store,
      tenants: { 'team-a': { weight: 3, maxRunning: 1, maxWaiting: 12 }, 'team-b': { maxWaiting: 30 } },
    });
    cleanups.push(() => queue.close());
    const params = (prompt: string) => ({ prompt, steps: 2, width: 64, height: 64 });
    const a = Array.from({ length: 12 }, (_, index) => queue.txt2img(params(`a ${index}`), { tenant: 'team-a' }));
    const b = Array.from({ length: 12 }, (_, index) => queue.txt2img(params(`b ${index}`), { tenant: 'team-b' }));
    await Promise.all([...a, ...b].map((job) => job.accepted));
    // Past maxWaiting: the admission lock and count run on the cluster.
    await expect(queue.txt2img(params('a over'), { tenant: 'team-a' }).accepted).rejects.toBeInstanceOf(QuotaError);
    const cancelled = b[11];
    await cancelled?.cancel();
    const hooked = queue.txt2img(params('hooked'), { tenant: 'team-b', callbackUrl: hook });

    const worker = await createWorker({
      connection: cluster.connection,
      name: 'teams',
      store,
      backends: pool.mocks.map((mock) => ({ url: mock.url })),
      healthIntervalMs: 500,
      webhooks: { secret: SECRET, allowPrivateAddresses: true },
    });
    cleanups.push(() => worker.close());
    let running = 0;
    let mostRunning = 0;
    worker.on('event', (event) => {
      if (event.type === 'job-started' && a.some((job) => job.id === event.jobId))
        mostRunning = Math.max(mostRunning, ++running);
      if (event.type === 'job-completed' && a.some((job) => job.id === event.jobId)) running--;
    });
    await Promise.all([...a, ...b.slice(0, 11), hooked].map((job) => job.result));
    await expect(cancelled?.result).rejects.toBeInstanceOf(JobCancelledError);
    expect(mostRunning).toBe(1);
    await waitFor(() => seen.length === 1, 20_000, 'the webhook');
    const event = verifyWebhook(SECRET, seen[0]?.headers ?? {}, seen[0]?.body ?? '');
    expect(event).toMatchObject({ type: 'job.completed', data: { id: hooked.id, tenant: 'team-b' } });
    const stats = await queue.stats();
    expect(stats.tenants.find((tenant) => tenant.name === 'team-a')).toMatchObject({ completed: 12, waiting: 0 });
    expect(stats.tenants.find((tenant) => tenant.name === 'team-b')).toMatchObject({ completed: 12, cancelled: 1 });

    // The dashboard reads the same through a Cluster connection, and bull-board lists the lanes.
    const dashboard = await serveDashboard({ connection: cluster.connection, name: 'teams', store });
    cleanups.push(() => dashboard.close());
    const overview = (await (await fetch(`${dashboard.url}api/overview`)).json()) as { stats: { completed: number } };
    expect(overview.stats.completed).toBe(24);
    const board = (await (await fetch(`${dashboard.url}bull/api/queues`)).json()) as { queues: unknown[] };
    expect(board.queues.length).toBeGreaterThanOrEqual(2);

    // Two queues on the cluster: each in a slot of its own, each with all its keys (tenants, webhooks, cancels;
    // the running slots' set is gone once empty).
    const { slots, keys } = await keySlots();
    expect(slots.size).toBe(2);
    for (const part of ['tenant-limits', 'fair-share', 'cancelled-waiting', 'teams.webhooks'])
      expect(
        keys.some((key) => key.startsWith('{sdwebui-queue:teams}') && key.includes(part)),
        part,
      ).toBe(true);
  }, 120_000);
});
