/**
 * Test fixtures: Redis run highly available from Debian's binaries on loopback, each process in its
 * own process group with its own temporary folder (no recorded data involved).
 * - `startSentinelGroup`: one primary (AOF on), replicas, and `redis-sentinel`s watching it.
 * - `startCluster`: primaries with `--cluster-enabled yes`, joined by `redis-cli --cluster create`.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Redis } from 'ioredis';
import type { RedisNode } from '../connection/index.js';
import { waitFor } from './pool.js';

const run = promisify(execFile);

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

/** A Redis process of a fixture: its port, and SIGKILL for its whole process group. */
export interface RedisProcess {
  port: number;
  child: ChildProcess;
  kill(): void;
}

/** Every process group started here and not yet killed: killed when the test process exits, however it exits. */
const running = new Set<() => void>();
process.once('exit', () => {
  for (const kill of running) kill();
});

/** Starts `command` in a process group of its own and resolves when its log says it is ready. */
function launch(
  command: string,
  args: string[],
  port: number,
  ready: RegExp,
  timeoutMs = 15_000,
): Promise<RedisProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    // Detached (its own group, so SIGKILL reaches all of it), hence not killed with this process: see `running`.
    const kill = () => {
      running.delete(kill);
      if (child.pid !== undefined && child.exitCode === null && child.signalCode === null) {
        try {
          process.kill(-child.pid, 'SIGKILL');
        } catch {
          // Already gone.
        }
      }
    };
    let log = '';
    const timer = setTimeout(() => {
      kill();
      reject(new Error(`${command} on port ${port} did not start within ${timeoutMs} ms: ${log.slice(-400)}`));
    }, timeoutMs);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(
        new Error(`cannot run ${command} (${error.message}); on Debian: apt-get install redis-server redis-sentinel`),
      );
    });
    const onExit = (code: number | null) => {
      clearTimeout(timer);
      reject(new Error(`${command} on port ${port} exited with ${code}: ${log.slice(-400)}`));
    };
    child.once('exit', onExit);
    const onData = (chunk: Buffer) => {
      log = (log + chunk.toString()).slice(-4_000);
      if (ready.test(log)) {
        clearTimeout(timer);
        child.off('exit', onExit);
        child.stdout?.off('data', onData);
        // Keep draining the pipes, or a chatty process blocks on a full pipe.
        child.stdout?.resume();
        child.stderr?.resume();
        running.add(kill);
        resolve({ port, child, kill });
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => (log = (log + chunk.toString()).slice(-4_000)));
  });
}

const SERVER_ARGS = ['--bind', '127.0.0.1', '--save', '', '--maxmemory-policy', 'noeviction'];

async function info(port: number, section: string): Promise<string> {
  const redis = new Redis({ port, host: '127.0.0.1', lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await redis.connect();
    return await redis.info(section);
  } finally {
    redis.disconnect();
  }
}

export interface SentinelGroup {
  /** The ioredis connection: `{ sentinels, name }`. */
  connection: { sentinels: RedisNode[]; name: string };
  primary: RedisProcess;
  replicas: RedisProcess[];
  sentinels: RedisProcess[];
  /** The port Sentinel names as the primary now. */
  primaryPort(): Promise<number>;
  /** SIGKILLs every process group and removes the folder. */
  stop(): Promise<void>;
}

/**
 * One primary (AOF on, fsync always), `replicas` replicas and `sentinels` sentinels (quorum 2).
 * Failover is quick for tests: a primary is down after 1 s without an answer.
 */
export async function startSentinelGroup(
  options: { replicas?: number; sentinels?: number; name?: string } = {},
): Promise<SentinelGroup> {
  const name = options.name ?? 'sdwebui';
  const dir = await mkdtemp(join(tmpdir(), 'sdwebui-sentinel-'));
  const started: RedisProcess[] = [];
  const stop = async () => {
    for (const process of started) process.kill();
    await rm(dir, { recursive: true, force: true });
  };
  try {
    const serverArgs = async (port: number, folder: string) => {
      await mkdir(join(dir, folder), { recursive: true });
      return [
        '--port',
        String(port),
        '--dir',
        join(dir, folder),
        ...SERVER_ARGS,
        '--appendonly',
        'yes',
        '--appendfsync',
        'always',
      ];
    };
    const primaryPort = await freePort();
    // A full sync to a replica starts at once (the default waits 5 s for more replicas to join it).
    const primaryArgs = [...(await serverArgs(primaryPort, 'primary')), '--repl-diskless-sync-delay', '0'];
    const primary = await launch('redis-server', primaryArgs, primaryPort, /Ready to accept connections/);
    started.push(primary);
    const replicas: RedisProcess[] = [];
    for (let index = 0; index < (options.replicas ?? 2); index++) {
      const port = await freePort();
      const args = [...(await serverArgs(port, `replica-${index}`)), '--replicaof', '127.0.0.1', String(primaryPort)];
      const replica = await launch('redis-server', args, port, /Ready to accept connections/);
      started.push(replica);
      replicas.push(replica);
    }
    // Connected is not synced: a replica holds the data once its first full sync is done (link up).
    for (const replica of replicas)
      await waitFor(
        async () => (await info(replica.port, 'replication')).includes('master_link_status:up'),
        15_000,
        'replicas to finish their first sync',
      );
    const sentinels: RedisProcess[] = [];
    for (let index = 0; index < (options.sentinels ?? 3); index++) {
      const port = await freePort();
      const config = join(dir, `sentinel-${index}.conf`);
      // Sentinel rewrites its own config file (what it learns about replicas and the other sentinels).
      await writeFile(
        config,
        [
          `port ${port}`,
          'bind 127.0.0.1',
          `dir ${dir}`,
          `sentinel monitor ${name} 127.0.0.1 ${primaryPort} 2`,
          `sentinel down-after-milliseconds ${name} 1000`,
          `sentinel failover-timeout ${name} 5000`,
          `sentinel parallel-syncs ${name} 2`,
          '',
        ].join('\n'),
      );
      const sentinel = await launch('redis-sentinel', [config], port, /Sentinel ID is/);
      started.push(sentinel);
      sentinels.push(sentinel);
    }
    // Failover needs every sentinel to know the replicas and a quorum of the others: wait for it, not for a time.
    for (const sentinel of sentinels) {
      await waitFor(
        async () => {
          const redis = new Redis({
            port: sentinel.port,
            host: '127.0.0.1',
            lazyConnect: true,
            maxRetriesPerRequest: 1,
          });
          try {
            await redis.connect();
            const known = (await redis.call('SENTINEL', 'REPLICAS', name)) as unknown[];
            const peers = (await redis.call('SENTINEL', 'SENTINELS', name)) as unknown[];
            return known.length === replicas.length && peers.length === sentinels.length - 1;
          } finally {
            redis.disconnect();
          }
        },
        30_000,
        'sentinels to find the replicas and each other',
      );
    }
    return {
      connection: { sentinels: sentinels.map((sentinel) => ({ host: '127.0.0.1', port: sentinel.port })), name },
      primary,
      replicas,
      sentinels,
      async primaryPort() {
        const redis = new Redis({
          port: sentinels[0]?.port,
          host: '127.0.0.1',
          lazyConnect: true,
          maxRetriesPerRequest: 1,
        });
        try {
          await redis.connect();
          const [, port] = (await redis.call('SENTINEL', 'GET-MASTER-ADDR-BY-NAME', name)) as [string, string];
          return Number(port);
        } finally {
          redis.disconnect();
        }
      },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

export interface RedisCluster {
  connection: { cluster: RedisNode[] };
  nodes: RedisProcess[];
  stop(): Promise<void>;
}

/** `primaries` cluster nodes (no replicas), joined with `redis-cli --cluster create`, once every node says `cluster_state:ok`. */
export async function startCluster(options: { primaries?: number } = {}): Promise<RedisCluster> {
  const dir = await mkdtemp(join(tmpdir(), 'sdwebui-cluster-'));
  const nodes: RedisProcess[] = [];
  const stop = async () => {
    for (const node of nodes) node.kill();
    await rm(dir, { recursive: true, force: true });
  };
  try {
    for (let index = 0; index < (options.primaries ?? 3); index++) {
      const port = await freePort();
      const folder = join(dir, `node-${index}`);
      await mkdir(folder, { recursive: true });
      const args = ['--port', String(port), '--dir', folder, ...SERVER_ARGS, '--appendonly', 'no'];
      args.push(
        '--cluster-enabled',
        'yes',
        '--cluster-config-file',
        join(folder, 'nodes.conf'),
        '--cluster-node-timeout',
        '5000',
      );
      nodes.push(await launch('redis-server', args, port, /Ready to accept connections/));
    }
    const addresses = nodes.map((node) => `127.0.0.1:${node.port}`);
    await run('redis-cli', ['--cluster', 'create', ...addresses, '--cluster-replicas', '0', '--cluster-yes'], {
      timeout: 30_000,
    });
    for (const node of nodes)
      await waitFor(async () => (await clusterState(node.port)) === 'ok', 30_000, 'cluster_state:ok');
    return { connection: { cluster: nodes.map((node) => ({ host: '127.0.0.1', port: node.port })) }, nodes, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

async function clusterState(port: number): Promise<string | undefined> {
  const redis = new Redis({ port, host: '127.0.0.1', lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await redis.connect();
    return /cluster_state:(\w+)/.exec(String(await redis.call('CLUSTER', 'INFO')))?.[1];
  } finally {
    redis.disconnect();
  }
}
