import type { Logger } from './core/call.js';
import type { RetryOptions } from './core/retry/index.js';
import type { RawClientOptions, Target } from './raw-client/index.js';

export interface WebuiClientOptions {
  /**
   * The webui's base URL, e.g. `http://127.0.0.1:7860` (started with `--api`). Must start with
   * `http://` or `https://`. Credentials in it (`http://user:pass@host`) are used as `auth`.
   */
  baseUrl: string;
  /** `--api-auth` credentials: `"user:pass"` or `{ username, password }`, sent as HTTP Basic. */
  auth?: RawClientOptions['auth'];
  /**
   * The webui release the server runs, e.g. `a1111-1.7`. Given: request shapes and progress
   * follow it without asking the server. Left out: the client runs `detect()` once, before the
   * first call that depends on the version (progress, cancel, a `scheduler`).
   */
  target?: Target;
  /** Default timeout per call in ms (default: none; generations can take many minutes). */
  timeoutMs?: number;
  /**
   * A standard `fetch` to use (tests, proxies); default: the global `fetch` as it is when the
   * client is created (pass one to use a `fetch` patched later). In Node it is called with a
   * `dispatcher` without undici's 300 s header timeout in its `init`; pass that on to keep long
   * generations alive.
   */
  fetch?: typeof fetch;
  /** Headers sent with every request (e.g. for a proxy). The `Authorization` of `auth` wins. */
  headers?: Record<string, string>;
  /** Retries of idempotent calls on connection failures and 408/429/502/503/504; generation POSTs are never retried. */
  retry?: RetryOptions;
  /**
   * `'per-request'` (default): `options.model` goes to `override_settings`, nothing global changes.
   * `'sticky'`: switch the server's model with POST /options only when it differs, one caller at a time.
   */
  modelMode?: 'per-request' | 'sticky';
  /**
   * Check model, VAE, sampler, scheduler and upscaler names against the server's lists before
   * sending them (default true): the webui silently replaces unknown ones with its defaults.
   */
  checkNames?: boolean;
  /**
   * Largest answer read, in bytes (default 256 MiB, room for a batch of 8 large PNGs); a larger one
   * fails with `ResponseTooLargeError` while streaming.
   */
  maxResponseBytes?: number;
  /**
   * Receives a line per request, answer and retry (`logger: console` works). Never given
   * headers, bodies or credentials.
   */
  logger?: Logger;
}
