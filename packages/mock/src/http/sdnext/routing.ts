import type { RouteMatch } from '../app/routing.js';

/** One route of the app: its path (Starlette's `{param}` templates allowed) and methods, in registration order. */
interface RouteEntry {
  path: string;
  pattern: RegExp | undefined;
  methods: string[];
}

/** `{name}` matches one path segment, as Starlette's default `str` convertor. */
const compile = (path: string): RegExp | undefined =>
  path.includes('{')
    ? new RegExp(`^${path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\\?\{[^}]+\\?\}|\{[^}]+\}/g, '[^/]+')}$`)
    : undefined;

/**
 * Starlette's router over SD.Next's routes: the first route whose path matches and that has the
 * method is found; when only other methods match, 405 naming the first such route's methods; a path
 * that matches with its trailing slash toggled is a 307 to it; else 404.
 */
export class SdnextRouter {
  private readonly entries: RouteEntry[] = [];

  /** Registers one route (FastAPI registers one per method: `GET /options` and `POST /options` are two). */
  add(path: string, methods: readonly string[]): void {
    this.entries.push({ path, pattern: compile(path), methods: [...methods] });
  }

  /** Every route and its methods (templated paths as Hono writes them, `:name`). */
  routes(): Array<{ path: string; honoPath: string; methods: readonly string[] }> {
    return this.entries.map(({ path, methods }) => ({ path, honoPath: path.replace(/\{([^}]+)\}/g, ':$1'), methods }));
  }

  private matching(path: string): RouteEntry | undefined {
    return this.entries.find((entry) => (entry.pattern ? entry.pattern.test(path) : entry.path === path));
  }

  route(method: string, path: string): RouteMatch {
    const found = this.entries.find(
      (entry) => (entry.pattern ? entry.pattern.test(path) : entry.path === path) && entry.methods.includes(method),
    );
    if (found !== undefined) return { kind: 'found' };
    const partial = this.matching(path);
    if (partial !== undefined) return { kind: 'method-not-allowed', allow: partial.methods.join(', ') };
    if (path !== '/') {
      const other = path.endsWith('/') ? path.replace(/\/+$/, '') : `${path}/`;
      if (this.matching(other) !== undefined) return { kind: 'redirect', path: other };
    }
    return { kind: 'none' };
  }
}
