import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';

/**
 * Methods whose requests the limit applies to: every method but GET and HEAD, as far as Hono can
 * name them. It is registered for these alone so that a GET meets no middleware at all.
 */
export const BODY_METHODS = ['POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];

/**
 * Hono's `bodyLimit`, deciding from `Content-Length` when there is one (as Hono's does) without
 * first touching `c.req.raw.body`: on @hono/node-server that builds a full web `Request` (a web
 * stream over the socket, an abort signal, a `Headers`), most of the cost of a small POST, while
 * the handlers read bodies straight from the socket. A body without a length (chunked) still
 * goes through Hono's, which counts the bytes as they stream.
 */
export function bodyLimitMiddleware(
  maxSize: number,
  onError: (c: Context) => Response | Promise<Response>,
): MiddlewareHandler {
  const streamed = bodyLimit({ maxSize, onError });
  return (c, next) => {
    const length = c.req.header('content-length');
    if (length === undefined || c.req.header('transfer-encoding') !== undefined) return streamed(c, next);
    return Number.parseInt(length, 10) > maxSize ? Promise.resolve(onError(c)) : next();
  };
}
