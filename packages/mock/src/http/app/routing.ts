import type { Context } from 'hono';
import { StarletteHttpException } from '../../fastapi/errors/index.js';
import { pyJsonResponse } from '../json-response/index.js';
import { send } from '../process-time/index.js';

/** FastAPI's own routes, plain Starlette routes: GET and HEAD. */
const PLAIN_ROUTES = new Set(['/openapi.json', '/docs']);

/** Where Starlette's router sends a request, before any route dependency runs. */
export type RouteMatch =
  | { kind: 'found' }
  | { kind: 'method-not-allowed'; allow: string }
  | { kind: 'redirect'; path: string }
  | { kind: 'none' };

/**
 * Starlette's `Router` over the app's routes (`path` → methods, in registration order; every
 * webui route has one method): an exact path with another method is 405 naming the route's
 * methods in `Allow` (FastAPI adds no HEAD to its API routes; Starlette adds it to the plain
 * `/openapi.json` and `/docs` routes, whose `Allow` is then `GET, HEAD`); a path that matches only
 * with its trailing slashes removed, or one added, is a 307 redirect to it; else 404.
 */
export function createRouter(
  routes: ReadonlyMap<string, readonly string[]>,
): (method: string, path: string) => RouteMatch {
  return (method, path) => {
    const methods = routes.get(path);
    if (methods !== undefined) {
      if (methods.includes(method)) return { kind: 'found' };
      // The first route of the path answers: an API route has one method, a plain one GET and HEAD.
      return {
        kind: 'method-not-allowed',
        allow: PLAIN_ROUTES.has(path) ? methods.join(', ') : (methods[0] as string),
      };
    }
    if (path !== '/') {
      const other = path.endsWith('/') ? path.replace(/\/+$/, '') : `${path}/`;
      if (routes.has(other)) return { kind: 'redirect', path: other };
    }
    return { kind: 'none' };
  };
}

/**
 * The app's routes, `path` → methods in registration order: FastAPI's own `/openapi.json` and
 * `/docs`, then every operation of the spec (without `/internal/*` in `--nowebui` mode).
 */
export function routeTable(paths: Record<string, Record<string, unknown>>, nowebui: boolean): Map<string, string[]> {
  const routes = new Map<string, string[]>([...PLAIN_ROUTES].map((path) => [path, ['GET', 'HEAD']]));
  for (const [path, item] of Object.entries(paths)) {
    if (nowebui && path.startsWith('/internal/')) continue;
    routes.set(
      path,
      Object.keys(item).map((method) => method.toUpperCase()),
    );
  }
  return routes;
}

/**
 * Answers a request no mounted route took (Hono's not-found handler, so it runs after any
 * middleware): 405 (with `Allow`), the 307 redirect, else 404. A request Hono routed to a
 * handler is one Starlette finds too, so routing costs nothing on the way to a route.
 */
export function unmatchedRoute(route: ReturnType<typeof createRouter>): (c: Context) => Response {
  return (c) => {
    const match = route(c.req.method, c.req.path);
    if (match.kind === 'method-not-allowed') {
      throw new StarletteHttpException(405, 'Method Not Allowed', { allow: match.allow });
    }
    if (match.kind !== 'redirect') return pyJsonResponse(c, { detail: 'Not Found' }, 404);
    // Starlette's RedirectResponse: the request's URL (Host header, query kept) with the other path, an empty
    // body and no content type (bytes, so the web Response adds none).
    const location = new URL(c.req.url);
    location.pathname = match.path;
    return send(c, new Uint8Array(), 307, { location: location.href });
  };
}
