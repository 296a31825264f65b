/** Retries for idempotent calls and for a server that is still starting. Generation POSTs are never re-sent. */
export interface RetryOptions {
  /** Extra attempts after the first (default 2). */
  retries?: number;
  /** Delay before the first retry, doubled each time, with up to 25 % jitter (default 250 ms). */
  minDelayMs?: number;
  /** Longest delay between attempts (default 8000 ms). */
  maxDelayMs?: number;
}

export const DEFAULT_RETRY: Required<RetryOptions> = { retries: 2, minDelayMs: 250, maxDelayMs: 8000 };

/** Statuses worth another try: a proxy or a server still starting (the webui itself answers 500 for its bugs). */
const RETRYABLE_STATUS: ReadonlySet<number> = new Set([408, 429, 502, 503, 504]);

/** Whether an error answer is worth another try; a server's `x-should-retry: true|false` decides first (as openai-node). */
export function isRetryableAnswer(status: number, headers: Headers): boolean {
  const told = headers.get('x-should-retry');
  if (told === 'true') return true;
  if (told === 'false') return false;
  return RETRYABLE_STATUS.has(status);
}

/** Network codes of a connection that never carried an answer. */
export const RETRYABLE_CODES: ReadonlySet<string> = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'UND_ERR_SOCKET',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

/** A server may ask for at most this long a pause; longer asks fall back to the backoff (as openai-node). */
const MAX_RETRY_AFTER_MS = 60_000;

/** The wait an answer asks for (`retry-after-ms`, `Retry-After` in seconds or as a date), unchecked. */
export function retryAfterMs(headers: Headers | undefined, now: number = Date.now()): number | undefined {
  const ms = Number.parseFloat(headers?.get('retry-after-ms') ?? '');
  if (Number.isFinite(ms)) return ms;
  const value = headers?.get('retry-after');
  if (!value) return undefined;
  const seconds = Number.parseFloat(value);
  if (Number.isFinite(seconds)) return seconds * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : date - now;
}

/**
 * How long to wait before retry number `attempt` (1-based): the server's `Retry-After` (or
 * `retry-after-ms`) when it gives a sane one, else exponential backoff with jitter, so many
 * clients that failed together do not come back together.
 */
export function retryDelayMs(
  attempt: number,
  retry: Required<RetryOptions>,
  headers?: Headers,
  random: () => number = Math.random,
  now: number = Date.now(),
): number {
  const asked = retryAfterMs(headers, now);
  if (asked !== undefined && asked >= 0 && asked < MAX_RETRY_AFTER_MS) return asked;
  const backoff = Math.min(retry.minDelayMs * 2 ** (attempt - 1), retry.maxDelayMs);
  return backoff * (1 - random() * 0.25);
}
