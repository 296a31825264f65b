import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { QueueError } from '../errors/index.js';

export interface RedisServerOptions {
  /** Port on 127.0.0.1 (default: a free one). */
  port?: number;
  /** Data folder (default: a new temporary folder, removed by `stop()`). */
  dir?: string;
  /** Append-only file on, fsynced on every write: what survives a restart is what was acknowledged. */
  appendOnly?: boolean;
  /** The executable (default `redis-server` from PATH; Debian: `apt-get install redis-server`). */
  command?: string;
  /** How long to wait for "Ready to accept connections" (default 10 s). */
  startTimeoutMs?: number;
}

export interface RedisServer {
  url: string;
  port: number;
  dir: string;
  /** Stops it (SIGTERM, Redis flushes its AOF) and keeps the data folder for `restart()`. */
  shutdown(): Promise<void>;
  /** Starts it again on the same port and folder. */
  restart(): Promise<void>;
  /** Shuts down and removes the folder when it was made here. */
  stop(): Promise<void>;
}

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

function launch(command: string, args: string[], timeoutMs: number): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    let ready = false;
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new QueueError(`redis-server did not start within ${timeoutMs} ms: ${output.slice(-400)}`));
    }, timeoutMs);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(new QueueError(`cannot run ${command} (${error.message}); on Debian: apt-get install redis-server`));
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new QueueError(`redis-server exited with ${code}: ${output.slice(-400)}`));
    });
    child.stdout?.on('data', (chunk: Buffer) => {
      // Keep only the tail: the log must not grow without bound over a long run.
      output = (output + chunk.toString()).slice(-4000);
      if (!ready && output.includes('Ready to accept connections')) {
        ready = true;
        clearTimeout(timer);
        child.removeAllListeners('exit');
        resolve(child);
      }
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-4000);
    });
  });
}

/**
 * Starts a private `redis-server` on a free loopback port with its own data folder, for tests
 * and demos (`maxmemory-policy noeviction`, as BullMQ requires). Not for production.
 */
export async function startRedisServer(options: RedisServerOptions = {}): Promise<RedisServer> {
  const port = options.port ?? (await freePort());
  const ownDir = options.dir === undefined;
  const dir = options.dir ?? (await mkdtemp(join(tmpdir(), 'sdwebui-redis-')));
  const args = [
    '--port',
    String(port),
    '--bind',
    '127.0.0.1',
    '--dir',
    dir,
    '--save',
    '',
    '--maxmemory-policy',
    'noeviction',
  ];
  args.push(...(options.appendOnly ? ['--appendonly', 'yes', '--appendfsync', 'always'] : ['--appendonly', 'no']));
  const command = options.command ?? 'redis-server';
  const timeoutMs = options.startTimeoutMs ?? 10_000;
  let child: ChildProcess | undefined = await launch(command, args, timeoutMs);

  const shutdown = async () => {
    const running = child;
    child = undefined;
    if (!running || running.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => running.kill('SIGKILL'), 5_000);
      running.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
      running.kill('SIGTERM');
    });
  };
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    dir,
    shutdown,
    async restart() {
      await shutdown();
      child = await launch(command, args, timeoutMs);
    },
    async stop() {
      await shutdown();
      if (ownDir) await rm(dir, { recursive: true, force: true });
    },
  };
}
