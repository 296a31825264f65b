import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runServer } from 'verdaccio';

/** A Verdaccio registry on a free loopback port, storing into a temp folder that `stop()` removes. */
export interface LocalRegistry {
  /** Base URL with a trailing slash, e.g. `http://127.0.0.1:41234/`. */
  url: string;
  /** The temp folder holding the storage and the htpasswd file. */
  dir: string;
  /** A publish token for the user `addUser()` created (see {@link addUser}). */
  token: string;
  /** Stops the server (dropping open keep-alive sockets) and removes its storage. Safe to call twice. */
  stop(): Promise<void>;
}

export class RegistryError extends Error {
  override name = 'RegistryError';
}

/**
 * Starts Verdaccio in this process with no uplinks: `@sdwebui/*` can only come from what was
 * published here, and the registry never reaches the network.
 */
export async function startRegistry(): Promise<LocalRegistry> {
  const dir = await mkdtemp(join(tmpdir(), 'sdwebui-registry-'));
  let server: Server | undefined;
  const stop = async () => {
    if (server?.listening) {
      const closed = new Promise<void>((resolve) => server?.close(() => resolve()));
      server.closeAllConnections();
      await closed;
    }
    await rm(dir, { recursive: true, force: true });
  };
  try {
    server = (await runServer({
      self_path: dir,
      storage: join(dir, 'storage'),
      auth: { htpasswd: { file: join(dir, 'htpasswd'), max_users: 1 } },
      uplinks: {},
      packages: {
        '@sdwebui/*': { access: '$all', publish: '$authenticated', unpublish: '$authenticated' },
        '**': { access: '$all', publish: '$authenticated' },
      },
      web: { enable: false },
      log: { type: 'stdout', format: 'pretty', level: 'fatal' },
    } as never)) as Server;
    const listening = server;
    await new Promise<void>((resolve, reject) => {
      listening.once('error', reject);
      listening.listen(0, '127.0.0.1', () => resolve());
    });
    const { port } = listening.address() as AddressInfo;
    const url = `http://127.0.0.1:${port}/`;
    const token = await addUser(url, 'release-e2e', randomBytes(12).toString('hex'));
    return { url, dir, token, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** Registers a user the way `npm adduser` does and returns its bearer token. */
export async function addUser(url: string, name: string, password: string): Promise<string> {
  const response = await fetch(new URL(`-/user/org.couchdb.user:${encodeURIComponent(name)}`, url), {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name, password, type: 'user', roles: [], date: new Date().toISOString() }),
    signal: AbortSignal.timeout(10_000),
  });
  const body = (await response.json().catch(() => ({}))) as { token?: unknown };
  if (!response.ok || typeof body.token !== 'string') {
    throw new RegistryError(`adding a user to ${url} failed: HTTP ${response.status}`);
  }
  return body.token;
}
