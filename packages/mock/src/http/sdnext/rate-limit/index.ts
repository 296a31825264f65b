import { pythonException } from '../../../webui/errors/index.js';

/** `modules/api/validate.py` `request_cost`: generations cost 5, a few routes nothing, everything else 1. */
const REQUEST_COST: Readonly<Record<string, number>> = {
  '/file': 0,
  '/internal/progress': 0,
  '/run/predict': 0,
  '/sdapi/v1/browser/thumb': 0,
  '/sdapi/v1/network/thumb': 0,
  '/sdapi/v1/txt2img': 5,
  '/sdapi/v1/img2img': 5,
  '/sdapi/v1/control': 5,
};

/** The limiter's window: `"<N>/minute"`. */
const WINDOW_SECONDS = 60;

/**
 * Buckets kept at most: one per client and path, and a client chooses its paths. Past this many, the
 * buckets of windows already over are dropped first, then the oldest; SD.Next's own storage expires
 * them after two windows instead (the mock's bound on what hostile paths can make it hold).
 */
export const MAX_BUCKETS = 4096;

interface Bucket {
  /** `int(t / 60)` of the window `current` counts. */
  window: number;
  current: number;
  previous: number;
}

/** The cost of a path (`request_cost.get(api, 1)`). */
export const requestCost = (path: string): number => REQUEST_COST[path] ?? 1;

/**
 * SD.Next's request limiter: the `limits` library's sliding-window counter over `MemoryStorage`, one
 * bucket per `(client, path)`. A hit of cost `c` at time `t` (seconds) is refused when `c` is over the
 * limit, or when `floor(previous × (60 − t mod 60) / 60 + current) + c` is; an accepted hit adds `c` to
 * the current window. A new limit starts a new limiter (every count reset), as SD.Next does whenever
 * `server_rate_limit` changes; a limit of 0 or less lets everything through.
 */
export class SdnextRateLimiter {
  private limit = 0;
  private readonly buckets = new Map<string, Bucket>();

  /** `validate_request`: whether the hit is allowed under `limit` (the option's current value). */
  hit(client: string, path: string, limit: unknown, nowSeconds: number): boolean {
    const amount = parseLimit(limit);
    if (amount !== this.limit) {
      this.limit = amount;
      this.buckets.clear();
    }
    if (amount <= 0) return true;
    const cost = requestCost(path);
    if (cost > amount) return false;
    const window = Math.trunc(nowSeconds / WINDOW_SECONDS);
    const key = `${client}:${path}`;
    const bucket = this.bucket(key, window);
    const remaining = bucket.previous === 0 ? 0 : WINDOW_SECONDS - (nowSeconds % WINDOW_SECONDS);
    const weighted = (bucket.previous * remaining) / WINDOW_SECONDS + bucket.current;
    if (Math.floor(weighted) + cost > amount) return false;
    bucket.current += cost;
    return true;
  }

  /** The bucket of `key` moved on to `window` (the old current window becomes the previous one). */
  private bucket(key: string, window: number): Bucket {
    let bucket = this.buckets.get(key);
    if (bucket === undefined) {
      if (this.buckets.size >= MAX_BUCKETS) this.evict(window);
      bucket = { window, current: 0, previous: 0 };
      this.buckets.set(key, bucket);
    } else if (bucket.window !== window) {
      bucket.previous = bucket.window === window - 1 ? bucket.current : 0;
      bucket.current = 0;
      bucket.window = window;
    }
    return bucket;
  }

  private evict(window: number): void {
    for (const [key, bucket] of this.buckets) if (bucket.window < window - 1) this.buckets.delete(key);
    while (this.buckets.size >= MAX_BUCKETS) this.buckets.delete(this.buckets.keys().next().value as string);
  }
}

/**
 * The limit `Limiter(opts.server_rate_limit)` is built from: a whole number from 0 up. Anything else
 * fails where SD.Next's does: `limits.parse(f"{limit}/minute")` refuses what is not digits (ValueError),
 * and a digit string then fails `limit // 5` (TypeError). The middleware answers that as a 500 for
 * every request, after the handler ran, until the option is fixed.
 */
function parseLimit(value: unknown): number {
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0) return value;
  if (typeof value === 'string' && /^\d+$/.test(value)) {
    throw pythonException('TypeError', "unsupported operand type(s) for //: 'str' and 'int'");
  }
  const text =
    typeof value === 'boolean'
      ? value
        ? 'True'
        : 'False'
      : value === null || value === undefined
        ? 'None'
        : String(value);
  throw pythonException('ValueError', `couldn't parse rate limit string '${text}/minute'`);
}
