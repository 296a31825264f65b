import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { HonoAdapter } from '@bull-board/hono';
import { serveStatic } from '@hono/node-server/serve-static';
import { Queue } from 'bullmq';
import type { Hono, MiddlewareHandler } from 'hono';
import type { RedisClient } from '../connection/index.js';
import { modelLaneOf, tenantOfLane, type QueueKeys } from '../keys/index.js';
import { readTenantNames } from '../tenants/index.js';

/** Lanes are re-read at most this often while the BullMQ view is in use. */
const REFRESH_MS = 2_000;

/**
 * The most lanes the BullMQ view shows. Lanes are tenants × models, and tenants are whatever
 * submitters name: bull-board reads every shown queue's counts on each page, so 100,000 tenants
 * would make 100,000 queues and a page no one can load. The dashboard's own page counts them all.
 */
export const MAX_SHOWN_LANES = 200;

/** Up to `max` lanes (lane → model) of the lanes hash, read in pages: never the whole hash at once. */
export async function readShownLanes(
  redis: RedisClient,
  key: string,
  max = MAX_SHOWN_LANES,
): Promise<Map<string, string>> {
  const lanes = new Map<string, string>();
  let cursor = '0';
  do {
    const [next, flat] = await redis.hscan(key, cursor, 'COUNT', 100);
    for (let i = 0; i + 1 < flat.length && lanes.size < max; i += 2)
      lanes.set(flat[i] as string, flat[i + 1] as string);
    cursor = next;
  } while (cursor !== '0' && lanes.size < max);
  return lanes;
}

/**
 * bull-board's page asks Google for its fonts: the policy keeps every request on the dashboard (the
 * system font is used), and allows the inline styles its page has. It runs no inline script.
 */
const BOARD_CSP =
  "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self'; " +
  "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/**
 * bull-board's view of every lane (one BullMQ queue per tenant and model), named `tenant · model`,
 * read-only: its actions act on BullMQ directly and would skip what the queue adds (a cancel that
 * interrupts the backend, tenant quotas, the send count reset on retry), so cancel and retry are
 * the dashboard's own buttons. Lanes created after start appear on the next request; at most
 * `MAX_SHOWN_LANES` are shown.
 */
export function mountBullBoard(
  app: Hono,
  path: string,
  redis: RedisClient,
  keys: QueueKeys,
): { close(): Promise<void> } {
  const adapter = new HonoAdapter(serveStatic).setBasePath(path);
  const board = createBullBoard({
    queues: [],
    serverAdapter: adapter,
    options: { uiConfig: { boardTitle: `sdwebui ${keys.name}` } },
  });
  const queues = new Map<string, Queue>();
  let refreshed = 0;
  const refresh: MiddlewareHandler = async (c, next) => {
    if (Date.now() - refreshed > REFRESH_MS) {
      refreshed = Date.now();
      const lanes = await readShownLanes(redis, keys.lanes);
      // The names of the shown lanes' tenants only: there may be any number of tenants.
      const names = await readTenantNames(redis, keys, [...new Set([...lanes.keys()].map(tenantOfLane))]);
      for (const [lane, queue] of queues) {
        if (lanes.has(lane)) continue;
        queues.delete(lane);
        void queue.close().catch(() => undefined);
      }
      const adapters = [...lanes].map(([lane, model]) => {
        let queue = queues.get(lane);
        if (!queue) {
          queue = new Queue(keys.laneQueue(lane), { connection: redis, prefix: keys.prefix });
          queues.set(lane, queue);
        }
        const tenant = names.get(tenantOfLane(lane)) ?? tenantOfLane(lane);
        const displayName = `${tenant} · ${model || (modelLaneOf(lane) === 'any' ? 'any model' : lane)}`;
        return new BullMQAdapter(queue, { readOnlyMode: true, displayName });
      });
      board.replaceQueues(adapters);
    }
    await next();
    c.header('content-security-policy', BOARD_CSP);
  };
  app.use(`${path}/*`, refresh);
  app.use(path, refresh);
  app.route(path, adapter.registerPlugin());
  return { close: async () => void (await Promise.allSettled([...queues.values()].map((queue) => queue.close()))) };
}
