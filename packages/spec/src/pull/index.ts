import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { isJsonObject, isOpenApi3 } from '../document/index.js';
import { writeFilesAtomically } from '../atomic-write/index.js';

export type SpecPullErrorCode =
  | 'bad-argument'
  | 'unreachable'
  | 'timeout'
  | 'unauthorized'
  | 'http-status'
  | 'not-json'
  | 'not-openapi';

/** A pull that failed; `spec/` was not touched. `code` tells scripts what went wrong. */
export class SpecPullError extends Error {
  override name = 'SpecPullError';
  constructor(
    readonly code: SpecPullErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export interface PullOptions {
  /** Base URL of the webui (`http://127.0.0.1:7860`) or the full `/openapi.json` URL. */
  url: string;
  /** Folder of the target, e.g. `spec/a1111-1.10`. */
  outDir: string;
  /** `user:pass` for a webui started with `--api-auth` (sent as HTTP Basic). */
  user?: string;
  /** Per-request timeout. Default 30 s: a busy webui can be slow to answer. */
  timeoutMs?: number;
  /** Injected for tests and unusual runtimes. Default: the global `fetch`. */
  fetch?: typeof globalThis.fetch;
  /** Clock for `meta.json`, injected for tests. */
  now?: () => Date;
}

export interface SpecMeta {
  sourceUrl: string;
  pulledAt: string;
  sha256: string;
  bytes: number;
  /** From `/internal/sysinfo` (`Version`), or null when the server does not say. */
  webuiVersion: string | null;
}

export interface PullResult {
  rawPath: string;
  metaPath: string;
  meta: SpecMeta;
}

export function basicAuthHeader(user: string): string {
  if (!/^[^:]+:.*$/.test(user)) throw new SpecPullError('bad-argument', `--user must be "user:password", got "${user}"`);
  return `Basic ${Buffer.from(user, 'utf8').toString('base64')}`;
}

function specUrl(url: string): { base: string; spec: string } {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new SpecPullError('bad-argument', `not a URL: "${url}" (expected e.g. http://127.0.0.1:7860)`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new SpecPullError('bad-argument', `only http and https URLs are supported, got "${url}"`);
  }
  const base = parsed.href.replace(/\/openapi\.json$/, '').replace(/\/+$/, '');
  return { base, spec: `${base}/openapi.json` };
}

async function fetchBytes(
  url: string,
  headers: Record<string, string>,
  options: Required<Pick<PullOptions, 'timeoutMs' | 'fetch'>>,
): Promise<{ status: number; bytes: Uint8Array }> {
  try {
    const response = await options.fetch(url, { headers, signal: AbortSignal.timeout(options.timeoutMs) });
    return { status: response.status, bytes: new Uint8Array(await response.arrayBuffer()) };
  } catch (error) {
    if (error instanceof DOMException && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
      throw new SpecPullError('timeout', `no complete answer from ${url} within ${options.timeoutMs} ms`, { cause: error });
    }
    const reason = (error as { cause?: { code?: string; message?: string } }).cause;
    throw new SpecPullError(
      'unreachable',
      `cannot reach ${url}: ${reason?.code ?? reason?.message ?? String(error)}. Is the webui running, started with --api?`,
      { cause: error },
    );
  }
}

/** The webui version from `/internal/sysinfo`, or null (also for its "<none>"); never fails the pull. */
async function readWebuiVersion(
  base: string,
  headers: Record<string, string>,
  options: Required<Pick<PullOptions, 'timeoutMs' | 'fetch'>>,
): Promise<string | null> {
  try {
    const { status, bytes } = await fetchBytes(`${base}/internal/sysinfo`, headers, options);
    if (status !== 200) return null;
    const info: unknown = JSON.parse(new TextDecoder().decode(bytes));
    // The webui's git_tag() says "<none>" when it cannot tell its version.
    return isJsonObject(info) && typeof info.Version === 'string' && info.Version !== '<none>' ? info.Version : null;
  } catch {
    return null;
  }
}

/**
 * Downloads a webui's `/openapi.json` into `<outDir>/openapi.raw.json` (byte for byte) with
 * `<outDir>/meta.json`. Everything is checked before anything is written, and both files are
 * replaced atomically: on any failure the previous files stay byte-identical.
 */
export async function pullSpec(options: PullOptions): Promise<PullResult> {
  const { base, spec } = specUrl(options.url);
  const io = { timeoutMs: options.timeoutMs ?? 30_000, fetch: options.fetch ?? globalThis.fetch };
  const headers: Record<string, string> = { accept: 'application/json' };
  if (options.user !== undefined) headers.authorization = basicAuthHeader(options.user);

  const { status, bytes } = await fetchBytes(spec, headers, io);
  if (status === 401) {
    throw new SpecPullError(
      'unauthorized',
      options.user === undefined
        ? `${spec} needs credentials (the webui runs with --api-auth or --gradio-auth): pass --user user:password`
        : `${spec} rejected the credentials for "${options.user.split(':')[0]}"`,
    );
  }
  if (status < 200 || status > 299) {
    throw new SpecPullError('http-status', `${spec} answered HTTP ${status}; expected 200 with the OpenAPI document`);
  }
  let document: unknown;
  try {
    document = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch (error) {
    throw new SpecPullError('not-json', `${spec} did not return JSON (${bytes.byteLength} bytes); is this a webui?`, {
      cause: error,
    });
  }
  if (!isOpenApi3(document)) {
    const version = isJsonObject(document) ? (document.openapi ?? document.swagger) : undefined;
    throw new SpecPullError(
      'not-openapi',
      `${spec} returned JSON that is not an OpenAPI 3.x document (openapi: ${JSON.stringify(version ?? null)})`,
    );
  }

  const meta: SpecMeta = {
    sourceUrl: spec,
    pulledAt: (options.now?.() ?? new Date()).toISOString(),
    sha256: createHash('sha256').update(bytes).digest('hex'),
    bytes: bytes.byteLength,
    webuiVersion: await readWebuiVersion(base, headers, io),
  };
  const rawPath = join(options.outDir, 'openapi.raw.json');
  const metaPath = join(options.outDir, 'meta.json');
  await writeFilesAtomically([
    { path: rawPath, content: bytes },
    { path: metaPath, content: `${JSON.stringify(meta, null, 2)}\n` },
  ]);
  return { rawPath, metaPath, meta };
}
