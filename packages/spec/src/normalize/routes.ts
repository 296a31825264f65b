import { printableLine } from '@sdwebui/internal/printable';
import { operations, SpecDocumentError, type OpenApiDocument } from '../document/index.js';

/**
 * Which part of the product a webui route belongs to. A live `/openapi.json` mixes the
 * core API with Gradio's own routes, webui UI internals and every installed extension.
 */
export type RouteOwner =
  | { kind: 'core' }
  | { kind: 'internal' }
  | { kind: 'unsupported'; prefix: string }
  | { kind: 'extension'; namespace: string };

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
  // SD.Next's UI file server (`GET /js?file=…`: scripts and styles of its web UI).
  'js',
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

/**
 * Who owns a path. `/sdapi/<other version>/…` (SD.Next's `/sdapi/v2` job API) is another API,
 * not an extension: `unsupported`, dropped and reported.
 */
export function classifyRoute(path: string): RouteOwner {
  if (path.startsWith('/sdapi/v1/')) return { kind: 'core' };
  if (CORE_INTERNAL_ROUTES.has(path)) return { kind: 'core' };
  const segment = (path.split('/')[1] ?? '').split('=')[0] ?? '';
  if (segment === 'sdapi') return { kind: 'unsupported', prefix: routePrefix(path) };
  if (INTERNAL_SEGMENTS.has(segment)) return { kind: 'internal' };
  return { kind: 'extension', namespace: segment.toLowerCase().replace(/_/g, '-') };
}

/** Longest prefix quoted in a report: a path is server text. */
const MAX_PREFIX = 60;

/**
 * The prefix a dropped path is counted under: its first segment (`/internal`, `/file`), or two
 * for `/sdapi/…` (`/sdapi/v2`).
 */
function routePrefix(path: string): string {
  const segments = path.split('/');
  const depth = segments[1] === 'sdapi' ? 3 : 2;
  const prefix = `${segments.slice(0, depth).join('/').split('=')[0]}`;
  return (prefix === '' ? '/' : prefix).slice(0, MAX_PREFIX);
}

export interface DroppedPrefix {
  prefix: string;
  count: number;
}

/** Dropped paths counted per prefix, most first (then by prefix). */
export function countByPrefix(paths: Iterable<string>): DroppedPrefix[] {
  const counts = new Map<string, number>();
  for (const path of paths) {
    const prefix = routePrefix(path);
    counts.set(prefix, (counts.get(prefix) ?? 0) + 1);
  }
  return [...counts]
    .map(([prefix, count]) => ({ prefix, count }))
    .sort((a, b) => b.count - a.count || (a.prefix < b.prefix ? -1 : a.prefix > b.prefix ? 1 : 0));
}

/**
 * Refuses a document with no `/sdapi/v1` operation (SD.Next's `/sdapi/v2` snapshot, a Gradio
 * app, another service): normalizing it would give an empty client and no warning.
 */
export function assertWebuiApi(doc: OpenApiDocument): void {
  for (const { path } of operations(doc)) if (path.startsWith('/sdapi/v1/')) return;
  const paths = Object.keys(doc.paths);
  const found = countByPrefix(paths)
    .slice(0, 5)
    .map(({ prefix, count }) => `${prefix} (${count})`)
    .join(', ');
  throw new SpecDocumentError(
    'no-webui-api',
    'the document has no /sdapi/v1 operation, so it is not a stable-diffusion webui API (is the webui started with --api?); ' +
      `it has ${paths.length} path${paths.length === 1 ? '' : 's'}${found === '' ? '' : `: ${printableLine(found)}`}`,
  );
}

/** Where a document's paths go: the core API, extension documents, or dropped (per prefix). */
export interface RouteSummary {
  core: number;
  extensions: Record<string, number>;
  dropped: DroppedPrefix[];
}

export function summarizeRoutes(paths: Iterable<string>): RouteSummary {
  let core = 0;
  const extensions = new Map<string, number>();
  const dropped: string[] = [];
  for (const path of paths) {
    const owner = classifyRoute(path);
    if (owner.kind === 'core') core++;
    else if (owner.kind === 'extension') extensions.set(owner.namespace, (extensions.get(owner.namespace) ?? 0) + 1);
    else dropped.push(path);
  }
  return { core, extensions: Object.fromEntries(extensions), dropped: countByPrefix(dropped) };
}

/** Most prefixes named in a report line; the rest are counted. */
const LISTED_PREFIXES = 8;

/**
 * One line saying what was dropped: `dropped 131 paths outside /sdapi/v1 and the SDK's /internal
 * routes: /sdapi/v2 (128), /internal (3)`, or that nothing was.
 */
export function formatDroppedPaths(dropped: readonly DroppedPrefix[]): string {
  const total = dropped.reduce((sum, { count }) => sum + count, 0);
  if (total === 0) return 'no paths dropped';
  const listed = dropped.slice(0, LISTED_PREFIXES).map(({ prefix, count }) => `${prefix} (${count})`);
  if (dropped.length > LISTED_PREFIXES) listed.push(`${dropped.length - LISTED_PREFIXES} more prefixes`);
  return printableLine(
    `dropped ${total} path${total === 1 ? '' : 's'} outside /sdapi/v1 and the SDK's /internal routes: ${listed.join(', ')}`,
  );
}
