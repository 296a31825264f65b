import type { Context, MiddlewareHandler } from 'hono';

/**
 * The webui adds `X-Process-Time: <seconds, 4 decimals>` to every response. Setting a header
 * on a finished Hono response forces a copy through a stream (slow on @hono/node-server), so
 * responses built by the mock carry it from the start (`withProcessTime`), and this middleware
 * only adds it to the few that do not (framework errors, faults).
 */
const STARTED = 'sdwebui-mock-started';

export function processTimeMiddleware(): MiddlewareHandler {
  return async (c, next) => {
    c.set(STARTED as never, performance.now() as never);
    await next();
    if (!c.res.headers.has('x-process-time')) c.header('x-process-time', processTime(c));
  };
}

function processTime(c: Context): string {
  const started = (c.get(STARTED as never) as number | undefined) ?? performance.now();
  return ((performance.now() - started) / 1000).toFixed(4);
}

/**
 * A response with its content type and `X-Process-Time` set at construction; without the
 * middleware (a profile whose webui sends no such header) the header is left out.
 */
export function send(c: Context, body: string | Uint8Array, status: number, headers: Record<string, string>): Response {
  if (c.get(STARTED as never) === undefined) return c.body(body as string, status as 200, headers);
  return c.body(body as string, status as 200, { ...headers, 'x-process-time': processTime(c) });
}
