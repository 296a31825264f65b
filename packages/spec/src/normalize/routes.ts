/**
 * Which part of the product a webui route belongs to. A live `/openapi.json` mixes the
 * core API with Gradio's own routes, webui UI internals and every installed extension.
 */
export type RouteOwner = { kind: 'core' } | { kind: 'internal' } | { kind: 'extension'; namespace: string };

/** `/internal/*` routes the SDK relies on (per-task progress, readiness, version detection). */
export const CORE_INTERNAL_ROUTES: ReadonlySet<string> = new Set([
  '/internal/progress',
  '/internal/pending-tasks',
  '/internal/ping',
  '/internal/sysinfo',
]);

/**
 * First path segments that belong to Gradio or to the webui's UI plumbing, never to the
 * HTTP API. `file=` and `proxy=` routes start with the segment followed by `=`.
 */
const INTERNAL_SEGMENTS: ReadonlySet<string> = new Set([
  '',
  'api',
  'app_id',
  'assets',
  'config',
  'favicon.ico',
  'file',
  'info',
  'internal',
  'login',
  'login_check',
  'proxy',
  'queue',
  'reset',
  'robots.txt',
  'run',
  'sd_extra_networks',
  'startup-events',
  'static',
  'stream',
  'theme.css',
  'token',
  'upload',
  'user',
  'docs',
  'openapi.json',
  'redoc',
]);

export function classifyRoute(path: string): RouteOwner {
  if (path.startsWith('/sdapi/v1/')) return { kind: 'core' };
  if (CORE_INTERNAL_ROUTES.has(path)) return { kind: 'core' };
  const segment = (path.split('/')[1] ?? '').split('=')[0] ?? '';
  if (INTERNAL_SEGMENTS.has(segment)) return { kind: 'internal' };
  return { kind: 'extension', namespace: segment.toLowerCase().replace(/_/g, '-') };
}
