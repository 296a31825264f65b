import { AbortError, ConnectionError, errorForResponse, SdwebuiError, TimeoutError } from './errors.js';

/** Retries for idempotent reads and for a server that is still starting. Generation POSTs are never re-sent. */
export interface RetryOptions {
  /** Extra attempts after the first (default 2). */
  retries?: number;
  /** Delay before the first retry, doubled each time (default 250 ms). */
  minDelayMs?: number;
}

export interface CallOptions {
  /** Aborts the request (and, for jobs, see `job.cancel()`). */
  signal?: AbortSignal;
  /** Overrides the client's `timeoutMs` for this call. */
  timeoutMs?: number;
}

export interface RequestSettings {
  baseUrl: string;
  timeoutMs: number | undefined;
  retry: Required<RetryOptions>;
  hasAuth: boolean;
}

/** What openapi-fetch returns. */
interface FetchResult<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

const RETRYABLE_STATUS = new Set([502, 503, 504]);
const RETRYABLE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET', 'ENOTFOUND', 'EAI_AGAIN']);

function networkCode(error: unknown): string | undefined {
  let current = error as { code?: unknown; cause?: unknown } | undefined;
  for (let depth = 0; current && depth < 4; depth++) {
    if (typeof current.code === 'string') return current.code;
    current = current.cause as typeof current;
  }
  return undefined;
}

const delay = (ms: number, signal: AbortSignal | undefined) =>
  new Promise<void>((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => (clearTimeout(timer), reject(signal.reason)), { once: true });
  });

/**
 * Runs one API call with the client's policies: a timeout, the caller's abort signal, typed
 * errors, and retries only when `idempotent` (GETs and other calls that change nothing) for
 * connection failures and 502/503/504.
 */
export async function callApi<T>(
  settings: RequestSettings,
  operation: string,
  send: (signal: AbortSignal | undefined) => Promise<FetchResult<T>>,
  options: CallOptions & { idempotent: boolean },
): Promise<T> {
  const timeoutMs = options.timeoutMs ?? settings.timeoutMs;
  const timeout = timeoutMs === undefined ? undefined : AbortSignal.timeout(timeoutMs);
  // Only combine signals when there are two: AbortSignal.any costs on every call. No signal at
  // all when none is needed (a shared never-aborting one would collect fetch's listeners).
  const signal = options.signal && timeout ? AbortSignal.any([options.signal, timeout]) : (options.signal ?? timeout);
  const attempts = options.idempotent ? settings.retry.retries + 1 : 1;

  for (let attempt = 1; ; attempt++) {
    const last = attempt >= attempts;
    const backoff = () => delay(settings.retry.minDelayMs * 2 ** (attempt - 1), signal);
    try {
      const { data, error, response } = await send(signal);
      if (response.ok) return data as T;
      if (!last && RETRYABLE_STATUS.has(response.status)) {
        await backoff();
        continue;
      }
      throw errorForResponse(response.status, error, operation, settings.hasAuth);
    } catch (error) {
      if (error instanceof SdwebuiError) throw error;
      if (options.signal?.aborted) throw new AbortError(`${operation}: aborted by the caller`, { cause: options.signal.reason });
      if (timeout?.aborted) throw new TimeoutError(timeoutMs as number, operation);
      const code = networkCode(error);
      if (!last && code !== undefined && RETRYABLE_CODES.has(code)) {
        await backoff().catch(() => undefined);
        continue;
      }
      throw new ConnectionError(settings.baseUrl, code, { cause: error });
    }
  }
}
