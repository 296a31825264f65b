/**
 * The Node entry (chosen through the `node` export condition): the same API, but `fetch` never
 * gives up waiting for response headers. Node's built-in fetch (undici) drops a request after
 * 300 s without headers, and the webui sends none until the image is done, so long generations
 * would fail with `UND_ERR_HEADERS_TIMEOUT`. Use `timeoutMs` to bound calls.
 */
import { Agent } from 'undici';
import type { WebuiClientOptions } from './client-options.js';
import type { DEFAULT_TARGET, Target } from './raw-client/index.js';
import { WebuiClient, type FetchPlatform } from './client.js';

export * from './index.js';

export interface LongRunningFetchOptions {
  /** Time to wait for response headers, 0 = no limit (default). */
  headersTimeoutMs?: number;
  /** Time allowed between body chunks, 0 = no limit (default). */
  bodyTimeoutMs?: number;
}

function longRunningDispatcher(options: LongRunningFetchOptions = {}): Agent {
  return new Agent({ headersTimeout: options.headersTimeoutMs ?? 0, bodyTimeout: options.bodyTimeoutMs ?? 0 });
}

/** A `fetch` over Node's own, with undici's header and body timeouts raised (default: off). */
export function createLongRunningFetch(options: LongRunningFetchOptions = {}): typeof fetch {
  const dispatcher = longRunningDispatcher(options);
  return (input, init) => fetch(input, { ...init, dispatcher } as RequestInit);
}

/**
 * Node: every `fetch` call gets this `dispatcher`, which has no header timeout: the default
 * `fetch` and a caller's own `fetch` alike receive it in their `init` (undici-based fetches use
 * it; others ignore it), so passing `fetch` does not silently bring the 300 s limit back.
 */
const NODE: FetchPlatform = { requestInit: { dispatcher: longRunningDispatcher() } };

/** A client for one webui, on Node's `fetch` with no limit on waiting for response headers (see the module's comment). */
export function createWebuiClient<T extends Target = typeof DEFAULT_TARGET>(
  options: WebuiClientOptions & { target?: T },
): WebuiClient<T> {
  return new WebuiClient<T>(options, NODE);
}
