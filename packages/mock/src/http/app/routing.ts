/** Where Starlette's router sends a request, before any route dependency runs. */
export type RouteMatch =
  | { kind: 'found' }
  | { kind: 'method-not-allowed'; allow: string }
  | { kind: 'redirect'; path: string }
  | { kind: 'none' };

/**
 * Starlette's `Router` over the app's routes (`path` → methods, in registration order; every
 * webui route has one method): an exact path with another method is 405 naming the first
 * route's method in `Allow` (FastAPI adds no HEAD to GET routes); a path that matches only
 * with its trailing slashes removed, or one added, is a 307 redirect to it; else 404.
 */
export function createRouter(
  routes: ReadonlyMap<string, readonly string[]>,
): (method: string, path: string) => RouteMatch {
  return (method, path) => {
    const methods = routes.get(path);
    if (methods !== undefined) {
      return methods.includes(method) ? { kind: 'found' } : { kind: 'method-not-allowed', allow: methods[0] as string };
    }
    if (path !== '/') {
      const other = path.endsWith('/') ? path.replace(/\/+$/, '') : `${path}/`;
      if (routes.has(other)) return { kind: 'redirect', path: other };
    }
    return { kind: 'none' };
  };
}
