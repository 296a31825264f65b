import { Hono } from 'hono';
import { faultMiddleware, type Fault } from '../faults/index.js';

export interface MockAppOptions {
  /** Bytes served verbatim at `/openapi.json`, as a live webui would serve its spec. */
  spec: Uint8Array;
  /** Misbehaviours to inject on matching routes (latency, error statuses, dropped connections). */
  faults?: readonly Fault[];
  /** Reported as `Version` by `/internal/sysinfo`; without it the route does not exist. */
  version?: string;
  /** Every request the app receives is appended here (method, path, headers). */
  requests?: RecordedRequest[];
}

export interface RecordedRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
}

/**
 * The mock webui as a Hono app, usable without a socket (`app.request(...)`) in tests.
 * FastAPI keeps `/path` and `/path/` distinct, and so does Hono's default strict routing.
 */
export function createMockApp(options: MockAppOptions): Hono {
  const app = new Hono();
  const spec = options.spec;
  app.use(async (c, next) => {
    options.requests?.push({ method: c.req.method, path: c.req.path, headers: c.req.header() });
    const started = performance.now();
    await next();
    c.header('x-process-time', ((performance.now() - started) / 1000).toFixed(4));
  });
  if (options.faults?.length) app.use(faultMiddleware(options.faults));
  app.get('/openapi.json', (c) => c.body(spec as Uint8Array<ArrayBuffer>, 200, { 'content-type': 'application/json' }));
  if (options.version !== undefined) {
    const sysinfo = { Platform: 'sdwebui mock', Version: options.version };
    app.get('/internal/sysinfo', (c) => c.json(sysinfo));
  }
  app.notFound((c) => c.json({ detail: 'Not Found' }, 404));
  return app;
}
