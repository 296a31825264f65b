import { serve, type ServerType } from '@hono/node-server';
import { Hono } from 'hono';
import type { AddressInfo } from 'node:net';
import { isIP } from 'node:net';
import { openRedis, type Connection } from '../connection/index.js';
import { JobNotFoundError, QueueConfigError, QueueError, QuotaError } from '../errors/index.js';
import { checkJobId } from '../keys/index.js';
import { createQueue } from '../producer/index.js';
import type { ResultStore } from '../store/index.js';
import { accessControl, checkToken } from './access.js';
import { mountBullBoard } from './bull-board.js';
import { PAGE_SCRIPT, PAGE_STYLE, renderPage } from './page.js';

export interface DashboardOptions {
  /** Redis, as the queue's producers and workers have it. */
  connection: Connection;
  /** Queue name (default `sdwebui`). */
  name?: string;
  /** The queue's result store (default: files under `<os tmpdir>/sdwebui-queue/<name>`). */
  store?: ResultStore;
  /**
   * Required for every request when set (16 characters or more): a browser asks for it (Basic auth:
   * any user name, the token as password), scripts send `Authorization: Bearer <token>`.
   */
  token?: string;
  /** Host names, besides loopback names and the address it listens on, that may name the dashboard (a reverse proxy's). */
  allowedHosts?: string[];
}

export interface Dashboard {
  /** A Hono app: serve it (`serveDashboard`) or mount it in your own (`app.route('/queue', dashboard.app)`). */
  app: Hono;
  close(): Promise<void>;
}

const CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; " +
  "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/** What an action's error answers: the person's mistake (4xx), never a stack. */
function failure(error: unknown): { status: 400 | 404 | 409 | 429; message: string } | undefined {
  if (error instanceof JobNotFoundError) return { status: 404, message: error.message };
  if (error instanceof QuotaError) return { status: 429, message: error.message };
  if (error instanceof QueueConfigError) return { status: 400, message: error.message };
  if (error instanceof QueueError) return { status: 409, message: error.message };
  return undefined;
}

/**
 * A web page of the queue on Hono: backends (state, why down, loaded model, running job), tenants
 * (weight, waiting and running against their caps, done, failed), the newest jobs with cancel and
 * retry, and bull-board's read-only view of every lane under `bull/`. `GET api/overview` gives
 * the same as JSON; `POST api/jobs/:id/cancel` and `…/retry` act (JSON bodies only).
 */
export function createDashboard(options: DashboardOptions): Dashboard {
  const token = checkToken(options.token);
  const queue = createQueue({
    connection: options.connection,
    ...(options.name !== undefined ? { name: options.name } : {}),
    ...(options.store !== undefined ? { store: options.store } : {}),
  });
  const redis = openRedis(options.connection);
  // Not strict: `bull/` (the link, with its slash) and `bull` are the same page.
  const app = new Hono({ strict: false });
  app.use('*', accessControl(token, options.allowedHosts ?? []));
  app.get('/', async (c) => {
    const [stats, jobs] = await Promise.all([queue.stats(), queue.list(100)]);
    c.header('content-security-policy', CSP);
    return c.html(renderPage(queue.keys.name, stats, jobs));
  });
  app.get('/dashboard.js', (c) => c.body(PAGE_SCRIPT, 200, { 'content-type': 'text/javascript; charset=utf-8' }));
  app.get('/dashboard.css', (c) => c.body(PAGE_STYLE, 200, { 'content-type': 'text/css; charset=utf-8' }));
  app.get('/api/overview', async (c) => c.json({ stats: await queue.stats(), jobs: await queue.list(100) }));
  app.post('/api/jobs/:id/:action{cancel|retry}', async (c) => {
    try {
      const job = queue.get(checkJobId(c.req.param('id')));
      if (c.req.param('action') === 'cancel') await job.cancel();
      else await job.retry();
      return c.json({ id: job.id, state: (await job.summary()).state });
    } catch (error) {
      const known = failure(error);
      if (!known) throw error;
      return c.json({ error: known.message }, known.status);
    }
  });
  const board = mountBullBoard(app, '/bull', redis, queue.keys);
  return {
    app,
    close: async () => {
      await board.close();
      await queue.close();
      redis.disconnect();
    },
  };
}

export interface DashboardServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

/**
 * Serves the dashboard on loopback (default `127.0.0.1`, a free port unless `port`). Another
 * interface needs a `token`: it can cancel and retry jobs.
 */
export async function serveDashboard(
  options: DashboardOptions & { port?: number; host?: string },
): Promise<DashboardServer> {
  const host = options.host ?? '127.0.0.1';
  if (!LOOPBACK.has(host) && options.token === undefined)
    throw new QueueConfigError(`a dashboard on ${host} (not loopback) needs a token: it can cancel and retry jobs`);
  const dashboard = createDashboard(options);
  const server = await new Promise<ServerType>((resolve, reject) => {
    const started = serve({ fetch: dashboard.app.fetch, port: options.port ?? 0, hostname: host }, () =>
      resolve(started),
    );
    started.once('error', reject);
  }).catch(async (error: unknown) => {
    await dashboard.close();
    throw error;
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${isIP(host) === 6 ? `[${host}]` : host}:${port}/`,
    port,
    close: async () => {
      if ('closeAllConnections' in server) server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await dashboard.close();
    },
  };
}
