import type { Client, MaybeOptionalInit } from 'openapi-fetch';
import type { paths as WebuiPaths } from '../generated/a1111-1.10.js';
import type { ExtensionPaths } from '../generated/index.js';
import type { paths as SdnextPaths } from '../generated/sdnext.js';
import { boundedErrorAnswer, readAnswer, type ShapeCheck } from './answer-body/index.js';
import { limitAnswer } from './body-limit/index.js';
import { AbortError, ConnectionError, SdwebuiError, TimeoutError } from './errors.js';
import { networkCode } from './network-code/index.js';
import { errorForResponse } from './response-errors.js';
import { isRetryableAnswer, RETRYABLE_CODES, retryDelayMs, type RetryOptions } from './retry/index.js';

/** Receives one line per request, answer and retry. Never given headers, bodies or credentials. */
export interface Logger {
  /** Each attempt of a request: sent, its HTTP status and duration, or how it failed. */
  debug?(message: string, details: LogDetails): void;
  /** Each retry: the call, the attempt and the delay before the next one. */
  warn?(message: string, details: LogDetails): void;
}

export interface LogDetails {
  /** `METHOD /path`. */
  operation: string;
  /** 1 for the first try. */
  attempt: number;
  status?: number;
  durationMs?: number;
  /** Pause before the next attempt. */
  delayMs?: number;
  /** The error's `kind`, when the attempt failed. */
  kind?: string;
}

export interface CallOptions {
  /** Aborts the call. For a generation this also cancels the job on the server, as `job.cancel()`. */
  signal?: AbortSignal;
  /** Overrides the client's `timeoutMs` for this call. */
  timeoutMs?: number;
  /** Called with the HTTP response (status, headers such as `X-Process-Time`) once its body is read. */
  onResponse?: (response: Response) => void;
}

export interface RequestSettings {
  /** Base URL without credentials (safe to print). */
  baseUrl: string;
  timeoutMs: number | undefined;
  retry: Required<RetryOptions>;
  hasAuth: boolean;
  logger: Logger | undefined;
}

/** What the request loop needs to know of an operation; the client hands the table of them in. */
export interface CallDeclaration {
  /** Safe to send again after a failure (default: true for GET, false otherwise). */
  readonly idempotent?: boolean;
  /** What a 2xx body must look like. */
  readonly shape: ShapeCheck;
}

/** The operations a client calls, keyed `METHOD /path`. */
export type OperationTable = Readonly<Record<string, CallDeclaration>>;

export interface CallContext<Operations extends OperationTable = OperationTable> {
  /** The SDK's own openapi-fetch instance (`createCallClient`): not `client.raw`, which users may add middleware to. */
  api: Client<WebuiPaths>;
  settings: RequestSettings;
  /** The declared operations: `call()` takes only their keys. */
  operations: Operations;
}

/**
 * The routes `call()` types requests and answers from: the webui's, its extensions', and SD.Next's own
 * (those A1111 lacks, such as `/sdapi/v1/checkpoint`).
 */
type paths = WebuiPaths &
  ExtensionPaths['a1111-1.10']['controlnet'] &
  ExtensionPaths['a1111-1.10']['adetailer'] &
  Omit<SdnextPaths, keyof WebuiPaths>;

type MethodOf<K> = K extends `${infer M} ${string}` ? Lowercase<M> : never;
type PathOf<K> = K extends `${string} ${infer P}` ? P : never;
type OperationOf<K> =
  PathOf<K> extends keyof paths
    ? MethodOf<K> extends keyof paths[PathOf<K>]
      ? paths[PathOf<K>][MethodOf<K>]
      : never
    : never;

/** The request options of an operation (`body`, `params`), typed from the generated spec. */
export type InitOf<K extends string> =
  PathOf<K> extends keyof paths
    ? Omit<MaybeOptionalInit<paths[PathOf<K>], MethodOf<K> & keyof paths[PathOf<K>]>, 'signal' | 'parseAs'>
    : Record<string, never>;

/** The 200 JSON body of an operation; `unknown` for routes outside the spec. */
export type DataOf<K extends string> =
  OperationOf<K> extends { responses: { 200: { content: { 'application/json': infer Body } } } } ? Body : unknown;

type Sender = (
  method: string,
  path: string,
  init: object,
) => Promise<{ data?: unknown; error?: unknown; response: Response }>;

const delay = (ms: number, signal: AbortSignal | undefined) =>
  new Promise<void>((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => (clearTimeout(timer), reject(signal.reason)), { once: true });
  });

/** The pause before attempt `attempt + 1`, logged. */
async function pauseToRetry(
  operation: string,
  attempt: number,
  settings: RequestSettings,
  signal: AbortSignal | undefined,
  headers: Headers | undefined,
  why: string,
): Promise<void> {
  const delayMs = Math.round(retryDelayMs(attempt, settings.retry, headers));
  settings.logger?.warn?.(`${operation}: ${why}, retrying in ${delayMs} ms`, { operation, attempt, delayMs });
  await delay(delayMs, signal);
}

/**
 * The one request loop. Every SDK call names its operation once (`'GET /sdapi/v1/samplers'`);
 * the label, the retry policy and the answer's expected shape come from its declaration in
 * the context's operation table. Applies the timeout and the caller's signal, maps failures to typed errors,
 * and retries idempotent operations on connection failures and 408/429/502/503/504 with
 * backoff and jitter, honouring `Retry-After`.
 */
export async function call<Operations extends OperationTable, K extends keyof Operations & string>(
  ctx: CallContext<Operations>,
  operation: K,
  init: InitOf<K>,
  options: CallOptions = {},
): Promise<DataOf<K>> {
  const { settings } = ctx;
  const space = operation.indexOf(' ');
  const method = operation.slice(0, space);
  const path = operation.slice(space + 1);
  const timeoutMs = options.timeoutMs ?? settings.timeoutMs;
  const timeout = timeoutMs === undefined ? undefined : AbortSignal.timeout(timeoutMs);
  // Only combine signals when there are two: AbortSignal.any costs on every call. No signal at
  // all when none is needed (a shared never-aborting one would collect fetch's listeners).
  const signal = options.signal && timeout ? AbortSignal.any([options.signal, timeout]) : (options.signal ?? timeout);
  const declaration: CallDeclaration = ctx.operations[operation] as Operations[K];
  const idempotent = declaration.idempotent ?? method === 'GET';
  const attempts = idempotent ? settings.retry.retries + 1 : 1;
  const send = (ctx.api as unknown as { request: Sender }).request;
  const log = settings.logger;

  for (let attempt = 1; ; attempt++) {
    const last = attempt >= attempts;
    const started = Date.now();
    try {
      log?.debug?.(`${operation}: sending (attempt ${attempt})`, { operation, attempt });
      // 'stream' leaves a 2xx body unread: readBody reads it, knowing the answer has begun.
      const { error, response } = await send(method, path, { ...init, signal, parseAs: 'stream' });
      const durationMs = Date.now() - started;
      log?.debug?.(`${operation}: HTTP ${response.status} in ${durationMs} ms`, {
        operation,
        attempt,
        status: response.status,
        durationMs,
      });
      if (response.ok) {
        const body = await readAnswer(response, operation, settings.baseUrl, declaration.shape, signal);
        options.onResponse?.(response);
        return body as DataOf<K>;
      }
      if (!last && isRetryableAnswer(response.status, response.headers)) {
        await pauseToRetry(operation, attempt, settings, signal, response.headers, `HTTP ${response.status}`);
        continue;
      }
      options.onResponse?.(response);
      throw errorForResponse(response, error, operation, settings);
    } catch (error) {
      const typed = typedError(error, operation, settings, options.signal, timeout, timeoutMs);
      const code = networkCode(error);
      if (typed.kind === 'unreachable' && !last && code !== undefined && RETRYABLE_CODES.has(code)) {
        await pauseToRetry(operation, attempt, settings, signal, undefined, code).catch(() => undefined);
        continue;
      }
      log?.debug?.(`${operation}: failed (${typed.kind})`, { operation, attempt, kind: typed.kind });
      throw typed;
    }
  }
}

function typedError(
  error: unknown,
  operation: string,
  settings: RequestSettings,
  callerSignal: AbortSignal | undefined,
  timeout: AbortSignal | undefined,
  timeoutMs: number | undefined,
): SdwebuiError {
  if (callerSignal?.aborted)
    return new AbortError(`${operation}: aborted by the caller`, { cause: callerSignal.reason });
  if (error instanceof SdwebuiError) return error;
  if (timeout?.aborted) {
    const advice = operation.startsWith('GET ')
      ? 'raise timeoutMs if the server is busy'
      : 'raise timeoutMs to wait longer';
    return new TimeoutError(timeoutMs as number, operation, advice);
  }
  return new ConnectionError(settings.baseUrl, networkCode(error), { cause: error });
}

/**
 * A request kept as `fetch`'s two arguments: what the SDK's own openapi-fetch instance builds in
 * place of a `Request` (its `Request` option). fetch copies a `Request` it is given into a new
 * one, so building one first cost a small call two `Request`s, about 5 % of its time against the
 * in-process mock (`pnpm bench`). openapi-fetch reads `method` back; with no middleware on that
 * instance, nothing else sees it. `client.raw`, open to users' middleware, builds standard `Request`s.
 */
export class FetchArguments {
  constructor(
    readonly url: string,
    readonly init: RequestInit,
  ) {}
  get method(): string {
    return this.init.method ?? 'GET';
  }
  get signal(): AbortSignal | null | undefined {
    return this.init.signal;
  }
}

/**
 * The SDK instance's `fetch`: sends a `FetchArguments` with `fetchImpl`, adding `requestInit`
 * (Node's long-running `dispatcher`), and holds the answer to the size limit before openapi-fetch
 * reads any of it (error bodies included, and those to the nesting bound too). It lives here,
 * beside the loop that calls it, so a request meets no module of its own on its way to `fetch`.
 */
export function fetchSender(
  fetchImpl: typeof fetch,
  limitBytes: number,
  requestInit: Record<string, unknown> | undefined,
): (request: FetchArguments) => Promise<Response> {
  return (request) =>
    fetchImpl(request.url, requestInit ? Object.assign(request.init, requestInit) : request.init).then((response) => {
      const limited = limitAnswer(response, request, limitBytes);
      // Error answers only: a 2xx answer keeps its way without an extra promise.
      return response.status < 400 ? limited : Promise.resolve(limited).then(boundedErrorAnswer);
    });
}
