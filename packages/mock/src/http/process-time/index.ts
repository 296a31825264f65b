import type { Context, MiddlewareHandler } from 'hono';
import { floatText } from '../../webui/python/index.js';

/**
 * The webui adds `X-Process-Time: str(round(seconds, 4))` to every response (`0.0`, `0.0012`, `1.5`). The clock starts at
 * whichever runs first for a request: this middleware (registered when the app has middleware
 * for that request), else the route handler or the not-found handler (`startProcessTime`); a
 * plain GET then has a single Hono handler and is answered synchronously.
 *
 * Responses built by the mock carry the header from the start (`send`): setting a header on a
 * finished response would turn its plain header object into a `Headers` and, on
 * @hono/node-server, leave the fast path that writes a string or byte body directly. The
 * middleware only adds the header to the few responses built elsewhere (faults, CORS preflights).
 */
const STARTED = 'sdwebui-mock-started';

/** Starts the request's clock unless something earlier did (the profile sends `X-Process-Time`). */
export function startProcessTime(c: Context): void {
  if (c.get(STARTED as never) === undefined) c.set(STARTED as never, performance.now() as never);
}

export function processTimeMiddleware(): MiddlewareHandler {
  return async (c, next) => {
    startProcessTime(c);
    await next();
    if (!c.res.headers.has('x-process-time')) {
      c.header('x-process-time', processTime(c.get(STARTED as never) as number));
    }
  };
}

/** Python's `str(round(seconds, 4))`; a quick answer (under 50 µs, most GETs) is `0.0` without formatting. */
export function processTime(started: number, now = performance.now()): string {
  const seconds = (now - started) / 1000;
  if (seconds < 0.00005) return '0.0';
  // Python rounds the exact binary value half-to-even, this half-up: they differ only on exact ties,
  // which a measured duration practically never is.
  return floatText(Math.round(seconds * 10_000) / 10_000);
}

/**
 * A response with its content type and `X-Process-Time` set at construction (left out when the
 * request's clock was never started: a profile whose webui sends no such header). The headers
 * stay a plain object and the body a string or bytes, which @hono/node-server writes without
 * building a web `Response`; pass bytes for large or repeated bodies (their length is known).
 */
export function send(
  c: Context,
  body: string | Uint8Array | null,
  status: number,
  headers: Record<string, string>,
): Response {
  const started = c.get(STARTED as never) as number | undefined;
  // A Uint8Array is a valid body; TypeScript's lib only admits one over an ArrayBuffer.
  if (started === undefined) return new Response(body as string, { status, headers });
  // Object.assign, not spread: spreading the headers cost a microsecond per response in profiles.
  const timed = Object.assign({}, headers, { 'x-process-time': processTime(started) });
  return new Response(body as string, { status, headers: timed });
}
