import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { writeFilesAtomically } from '@sdwebui/internal/atomic-write';
import { basicAuthHeader as encodeBasicAuth } from '@sdwebui/internal/basic-auth';
import { printableJson, printableLine } from '@sdwebui/internal/printable';
import { frameworkOf } from '../dialect/index.js';
import { isJsonObject, isOpenApi3, SpecDocumentError } from '../document/index.js';
import { assertWebuiApi, summarizeRoutes, type RouteSummary } from '../normalize/routes.js';
import { assertSelfContained } from '../self-contained/index.js';
import { parseScriptInfo, parseScriptsList, type ScriptsCapture } from '../scripts/index.js';

export type SpecPullErrorCode =
  | 'bad-argument'
  | 'unreachable'
  | 'timeout'
  | 'unauthorized'
  | 'http-status'
  | 'not-json'
  | 'not-openapi'
  | 'too-large'
  | 'external-ref'
  | 'too-deep'
  | 'no-webui-api';

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
  /**
   * Largest answer read, in bytes. Default 16 MiB (a webui's `/openapi.json` is under 1 MB);
   * past it the download stops and the pull fails with `too-large`.
   */
  maxBytes?: number;
  /** Injected for tests and unusual runtimes. Default: the global `fetch`. */
  fetch?: typeof globalThis.fetch;
  /** Clock for `meta.json`, injected for tests. */
  now?: () => Date;
  /**
   * Also capture `/sdapi/v1/scripts` and `/sdapi/v1/script-info` into `scripts.json` (default
   * true). A server that lacks them, or answers them badly, does not fail the pull: `warnings`
   * says so, and an existing `scripts.json` is kept when neither could be read.
   */
  scripts?: boolean;
}

export interface SpecMeta {
  sourceUrl: string;
  pulledAt: string;
  sha256: string;
  bytes: number;
  /**
   * From `/internal/sysinfo` (`Version`), SD.Next's `/sdapi/v1/version` (`sd.next <date> <commit>`),
   * or null when the server does not say. Control
   * characters are removed and it is cut at 200 characters: it is printed and read.
   */
  webuiVersion: string | null;
  /** The document's `openapi` field: `3.0.2` (FastAPI before 0.99) or `3.1.0`. */
  openapi: string;
  /**
   * The framework generation that wrote the document, as far as it shows: `pydantic-v1` for
   * OpenAPI 3.0 (FastAPI ran only pydantic v1 then), `pydantic-v2` for 3.1 with optional fields
   * written as `anyOf: [T, {"type": "null"}]` (pydantic v2 does that for every `Optional`),
   * null when a 3.1 document does not show (FastAPI 0.99+ on pydantic v1 writes 3.1 too).
   */
  framework: 'pydantic-v1' | 'pydantic-v2' | null;
}

export interface PullResult {
  rawPath: string;
  metaPath: string;
  meta: SpecMeta;
  /** The `scripts.json` written, or null when scripts were not captured. */
  scriptsPath: string | null;
  /** What could not be captured although the pull succeeded (missing script routes, …). */
  warnings: string[];
  /**
   * Where the document's paths go in `spec gen`: the core API, one document per extension, or
   * dropped (Gradio and UI routes, other API versions such as `/sdapi/v2`), counted per prefix.
   */
  routes: RouteSummary;
}

/** Longest version string kept: a webui's is about 40 characters. */
const MAX_VERSION = 200;

/** A script answer larger than this is refused (a real one is well under 1 MiB). */
const MAX_SCRIPTS_BYTES = 32 * 1024 * 1024;

/** The `Authorization` value for `user:pass`; a value of another shape is a `SpecPullError` that does not echo it. */
export function basicAuthHeader(user: string): string {
  if (!/^[^:]+:.*$/.test(user))
    // The value is a credential: never echo it.
    throw new SpecPullError(
      'bad-argument',
      'credentials must be "user:password" (the value given has no user before a colon)',
    );
  return encodeBasicAuth(user);
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
  // The URL is written to meta.json and scripts.json and printed: it must not carry a password.
  if (parsed.username !== '' || parsed.password !== '') {
    throw new SpecPullError(
      'bad-argument',
      'credentials in the URL are not supported: pass them as --user user:password',
    );
  }
  const base = parsed.href.replace(/\/openapi\.json$/, '').replace(/\/+$/, '');
  return { base, spec: `${base}/openapi.json` };
}

/** Default `maxBytes`: 16 times the largest webui spec seen, so a runaway server cannot fill memory. */
export const DEFAULT_MAX_SPEC_BYTES = 16 * 1024 * 1024;

type FetchOptions = Required<Pick<PullOptions, 'timeoutMs' | 'fetch' | 'maxBytes'>>;

/** Reads a body, cancelling it (and so the download) once it passes `maxBytes`. */
async function readCapped(url: string, body: ReadableStream<Uint8Array> | null, maxBytes: number): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  let length = 0;
  const reader = body?.getReader();
  for (;;) {
    const chunk = reader ? await reader.read() : { done: true as const, value: undefined };
    if (chunk.done) break;
    length += chunk.value.byteLength;
    if (length > maxBytes) {
      await reader?.cancel().catch(() => undefined);
      // A webui spec is under 1 MB and its script lists smaller still: more is a runaway server.
      throw new SpecPullError(
        'too-large',
        `${url} sent more than ${maxBytes} bytes (raise maxBytes if this is expected)`,
      );
    }
    parts.push(chunk.value);
  }
  return new Uint8Array(Buffer.concat(parts, length));
}

async function fetchBytes(
  url: string,
  headers: Record<string, string>,
  options: FetchOptions,
  /** A cap of its own for this answer (the script routes); the spec's otherwise. */
  maxBytes: number = options.maxBytes,
): Promise<{ status: number; bytes: Uint8Array }> {
  try {
    const response = await options.fetch(url, { headers, signal: AbortSignal.timeout(options.timeoutMs) });
    return { status: response.status, bytes: await readCapped(url, response.body, maxBytes) };
  } catch (error) {
    if (error instanceof SpecPullError) throw error;
    if (error instanceof DOMException && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
      throw new SpecPullError('timeout', `no complete answer from ${url} within ${options.timeoutMs} ms`, {
        cause: error,
      });
    }
    const reason = (error as { cause?: { code?: string; message?: string } }).cause;
    throw new SpecPullError(
      'unreachable',
      `cannot reach ${url}: ${reason?.code ?? reason?.message ?? String(error)}. Is the webui running, started with --api?`,
      { cause: error },
    );
  }
}

/** A version answer as JSON, or undefined (no route, not JSON): never fails the pull. */
async function readJsonRoute(url: string, headers: Record<string, string>, options: FetchOptions): Promise<unknown> {
  try {
    const { status, bytes } = await fetchBytes(url, headers, options);
    return status === 200 ? JSON.parse(new TextDecoder().decode(bytes)) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The webui version: `/internal/sysinfo`'s `Version`, else SD.Next's `/sdapi/v1/version`
 * (`{app, updated, commit}`, as `sd.next 2026-07-23 058a7f0cf`); null when neither says (also
 * for the webui's "<none>"). Never fails the pull.
 */
async function readWebuiVersion(
  base: string,
  headers: Record<string, string>,
  options: FetchOptions,
): Promise<string | null> {
  const info = await readJsonRoute(`${base}/internal/sysinfo`, headers, options);
  let version: string | undefined;
  // The webui's git_tag() says "<none>" when it cannot tell its version.
  if (isJsonObject(info) && typeof info.Version === 'string' && info.Version !== '<none>') version = info.Version;
  else {
    const sdnext = await readJsonRoute(`${base}/sdapi/v1/version`, headers, options);
    if (isJsonObject(sdnext) && typeof sdnext.app === 'string')
      version = [sdnext.app, sdnext.updated, sdnext.commit].filter((part) => typeof part === 'string').join(' ');
  }
  // Printed and written into meta.json and changesets: no control characters, one line.
  return version === undefined ? null : printableLine(version).trim().slice(0, MAX_VERSION) || null;
}

/** One script route as parsed JSON, or the reason it is unavailable. */
async function fetchScriptRoute<T>(
  url: string,
  headers: Record<string, string>,
  io: FetchOptions,
  parse: (body: unknown) => T,
): Promise<{ value: T } | { reason: string }> {
  try {
    const { status, bytes } = await fetchBytes(url, headers, io, MAX_SCRIPTS_BYTES);
    if (status !== 200)
      return { reason: `${url} answered HTTP ${status}${status === 404 ? ' (the server lacks the route)' : ''}` };
    return { value: parse(JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes))) };
  } catch (error) {
    // The reason can quote server text and is printed: no control characters (terminal escapes).
    const message = error instanceof Error ? error.message : String(error);
    return { reason: printableLine(`${url}: ${message}`).slice(0, 500) };
  }
}

async function captureScripts(
  base: string,
  headers: Record<string, string>,
  io: FetchOptions,
): Promise<ScriptsCapture> {
  const list = await fetchScriptRoute(`${base}/sdapi/v1/scripts`, headers, io, parseScriptsList);
  const info = await fetchScriptRoute(`${base}/sdapi/v1/script-info`, headers, io, parseScriptInfo);
  return {
    sourceUrl: base,
    scripts: 'value' in list ? list.value : null,
    scriptInfo: 'value' in info ? info.value : null,
    unavailable: [list, info].flatMap((part) => ('reason' in part ? [part.reason] : [])),
  };
}

/**
 * Downloads a webui's `/openapi.json` into `<outDir>/openapi.raw.json` (byte for byte) with
 * `<outDir>/meta.json`, and its script list and script arguments into `<outDir>/scripts.json`.
 * Everything is checked before anything is written, and the files are replaced atomically: on
 * any failure the previous files stay byte-identical.
 */
export async function pullSpec(options: PullOptions): Promise<PullResult> {
  const { base, spec } = specUrl(options.url);
  const io = {
    timeoutMs: options.timeoutMs ?? 30_000,
    fetch: options.fetch ?? globalThis.fetch,
    maxBytes: options.maxBytes ?? DEFAULT_MAX_SPEC_BYTES,
  };
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
      `${spec} returned JSON that is not an OpenAPI 3.x document (openapi: ${printableLine(JSON.stringify(version ?? null).slice(0, 80))})`,
    );
  }
  try {
    // Nothing outside the document may be read or fetched later (spec gen), and a document
    // without the webui's API would give an empty client: refuse both before writing.
    assertSelfContained(document, 'the OpenAPI document');
    assertWebuiApi(document);
  } catch (error) {
    if (error instanceof SpecDocumentError) throw new SpecPullError(error.code, `${spec}: ${error.message}`);
    throw error;
  }

  const meta: SpecMeta = {
    sourceUrl: spec,
    pulledAt: (options.now?.() ?? new Date()).toISOString(),
    sha256: createHash('sha256').update(bytes).digest('hex'),
    bytes: bytes.byteLength,
    webuiVersion: await readWebuiVersion(base, headers, io),
    openapi: document.openapi,
    framework: frameworkOf(document),
  };
  const rawPath = join(options.outDir, 'openapi.raw.json');
  const metaPath = join(options.outDir, 'meta.json');
  const files: Array<{ path: string; content: string | Uint8Array }> = [
    { path: rawPath, content: bytes },
    { path: metaPath, content: `${printableJson(meta, 2)}\n` },
  ];
  const warnings: string[] = [];
  let scriptsPath: string | null = null;
  if (options.scripts !== false) {
    const capture = await captureScripts(base, headers, io);
    warnings.push(...capture.unavailable);
    if (capture.scripts === null && capture.scriptInfo === null) {
      warnings.push('no script information captured; scripts.json left as it was');
    } else {
      scriptsPath = join(options.outDir, 'scripts.json');
      files.push({ path: scriptsPath, content: `${printableJson(capture, 2)}\n` });
    }
  }
  await writeFilesAtomically(files);
  return { rawPath, metaPath, meta, scriptsPath, warnings, routes: summarizeRoutes(Object.keys(document.paths)) };
}
