import { basicAuthHeader } from '@sdwebui/internal/basic-auth';
import createFetchClient, { type Client } from 'openapi-fetch';
import { parseBaseUrl } from '../core/base-url/index.js';
import { DEFAULT_MAX_RESPONSE_BYTES, responseSizeLimit } from '../core/body-limit/index.js';
import { FetchArguments, fetchSender } from '../core/call.js';
import { ConfigurationError } from '../core/errors.js';
import type { paths as PathsV1_10 } from '../generated/a1111-1.10.js';
import type { paths as PathsV1_4 } from '../generated/a1111-1.4.js';
import type { paths as PathsV1_7 } from '../generated/a1111-1.7.js';
import type { paths as PathsForge2 } from '../generated/forge-2.js';
import type { paths as PathsSdnext } from '../generated/sdnext.js';

/**
 * The webui versions the client is generated for; each is a folder of `spec/` (`forge-2`: Forge 2.x,
 * `sdnext`: SD.Next, whose API is its own).
 */
export type Target = 'a1111-1.10' | 'a1111-1.7' | 'a1111-1.4' | 'forge-2' | 'sdnext';

export const TARGETS: readonly Target[] = ['a1111-1.10', 'a1111-1.7', 'a1111-1.4', 'forge-2', 'sdnext'];

// A literal type, not `Target`: as the default of `T` it must pick one target's paths, not their union.
export const DEFAULT_TARGET = 'a1111-1.10' satisfies Target;

/** `paths` of each target's generated types. */
export interface TargetPaths {
  'a1111-1.10': PathsV1_10;
  'a1111-1.7': PathsV1_7;
  'a1111-1.4': PathsV1_4;
  'forge-2': PathsForge2;
  sdnext: PathsSdnext;
}

export interface RawClientOptions<T extends Target = typeof DEFAULT_TARGET> {
  /**
   * Base URL of the webui, e.g. `http://127.0.0.1:7860` (no `/sdapi/v1`). Credentials in it
   * (`http://user:pass@host`) are taken out and sent as `auth`.
   */
  baseUrl: string;
  /**
   * Credentials of a webui started with `--api-auth user:pass`, sent as HTTP Basic on every
   * request. Either `"user:pass"` or `{ username, password }`.
   */
  auth?: string | { username: string; password: string };
  /** Which webui version's types to use. Only affects types; default `a1111-1.10`. */
  target?: T;
  /**
   * A standard `fetch` to use instead of the global one (tests, proxies, custom agents). The
   * global one is read when the client is created: a `fetch` patched later needs passing here.
   */
  fetch?: typeof fetch;
  /** Headers sent with every request (the `Authorization` of `auth` wins). */
  headers?: Record<string, string>;
  /** Largest answer read, in bytes (default 256 MiB); larger ones fail with `ResponseTooLargeError`. */
  maxResponseBytes?: number;
}

/** HTTP Basic `Authorization` value; UTF-8 safe and without Node's `Buffer`, for browsers. */
export function basicAuthorization(auth: NonNullable<RawClientOptions['auth']>): string {
  return basicAuthHeader(typeof auth === 'string' ? auth : `${auth.username}:${auth.password}`);
}

/** The base URL without credentials, and the credentials to send (from `auth` or from the URL, not both). */
export function connectionOf(options: Pick<RawClientOptions, 'baseUrl' | 'auth'>) {
  const { url, credentials } = parseBaseUrl(options.baseUrl);
  if (credentials !== undefined && options.auth !== undefined) {
    throw new ConfigurationError('credentials are given twice, in baseUrl and in auth: give them once');
  }
  return { url, auth: options.auth ?? credentials };
}

/**
 * A typed openapi-fetch client over every route of the chosen target: paths, parameters,
 * bodies, responses and error bodies (`HTTPValidationError | WebuiError`) are all checked.
 *
 * @example
 * const api = createRawClient({ baseUrl: 'http://127.0.0.1:7860' });
 * const { data, error } = await api.POST('/sdapi/v1/txt2img', { body: { prompt: 'puppy dog', steps: 5 } });
 */
export function createRawClient<T extends Target = typeof DEFAULT_TARGET>(
  options: RawClientOptions<T>,
  /** Added to every `fetch` call's `init` on Node (the SDK's Node entry passes its long-running `dispatcher`). */
  requestInitExt?: Record<string, unknown>,
): Client<TargetPaths[T]> {
  const { url, auth } = connectionOf(options);
  const client = createFetchClient<TargetPaths[T]>({
    baseUrl: url,
    headers: headersOf(options.headers, auth),
    // Without one, openapi-fetch takes the global `fetch` as it is now (as openai-node does): no wrapper per call.
    ...(options.fetch !== undefined ? { fetch: options.fetch } : {}),
    ...(requestInitExt !== undefined ? { requestInitExt } : {}),
    // A redirect is handed back as it is: fetch would send the body (prompt, images) on to wherever it points.
    redirect: 'manual',
  });
  client.use(responseSizeLimit(options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES));
  return client;
}

/**
 * The SDK's own instance: the settings of `createRawClient`, but requests stay `fetch`'s two
 * arguments (`FetchArguments`, through openapi-fetch's `Request` option) instead of becoming a
 * `Request` that fetch would copy, and the size limit is held in its `fetch`, not a middleware.
 * It takes no middleware and no per-call `fetch`, so nothing expects a `Request` from it.
 */
export function createCallClient(
  options: RawClientOptions,
  requestInitExt?: Record<string, unknown>,
): Client<TargetPaths[typeof DEFAULT_TARGET]> {
  const send = fetchSender(
    // The global fetch as it is now, as in createRawClient: a fetch patched later must be passed.
    options.fetch ?? globalThis.fetch,
    options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES,
    requestInitExt,
  );
  const { url, auth } = connectionOf(options);
  return createFetchClient({
    baseUrl: url,
    headers: headersOf(options.headers, auth),
    fetch: send as unknown as (request: Request) => Promise<Response>,
    Request: FetchArguments as unknown as typeof Request,
    // Never followed: the call loop turns a redirect into an ApiError of kind `redirect`.
    redirect: 'manual',
  });
}

/** Headers sent with every request: the caller's, and `Authorization` from `auth` (which wins). */
function headersOf(given: RawClientOptions['headers'], auth: RawClientOptions['auth']): Record<string, string> {
  const headers: Record<string, string> = { ...given };
  if (auth !== undefined) headers.Authorization = basicAuthorization(auth);
  return headers;
}
