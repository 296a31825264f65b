/**
 * The Node entry (chosen through the `node` export condition): the same API, but the default
 * `fetch` never gives up waiting for response headers. Node's built-in fetch (undici) drops a
 * request after 300 s without headers, and the webui sends none until the image is done, so
 * long generations would fail with `UND_ERR_HEADERS_TIMEOUT`. Use `timeoutMs` to bound calls.
 */
import { Agent } from 'undici';
import { createWebuiClient as createClient, type WebuiClientOptions, type WebuiClient } from './client.js';

export * from './index.js';

export interface LongRunningFetchOptions {
  /** Time to wait for response headers, 0 = no limit (default). */
  headersTimeoutMs?: number;
  /** Time allowed between body chunks, 0 = no limit (default). */
  bodyTimeoutMs?: number;
}

/** A `fetch` over Node's own, with undici's header and body timeouts raised (default: off). */
export function createLongRunningFetch(options: LongRunningFetchOptions = {}): typeof fetch {
  const dispatcher = new Agent({ headersTimeout: options.headersTimeoutMs ?? 0, bodyTimeout: options.bodyTimeoutMs ?? 0 });
  return (input, init) => fetch(input, { ...init, dispatcher } as RequestInit);
}

const longRunningFetch = createLongRunningFetch();

export function createWebuiClient(options: WebuiClientOptions): WebuiClient {
  return createClient({ fetch: longRunningFetch, ...options });
}
