import type { MiddlewareHandler } from 'hono';

/** One request the mock received, as `mock.requests` lists it. */
export interface RecordedRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  /**
   * The body the mock read, parsed when it is JSON: strings over 1 KiB (images) are replaced by
   * `"<N chars>"`, and a body whose shortened JSON is over 16 KiB is not kept. Undefined for
   * requests without a body, bodies the mock never read (a 413, a route that ignores it),
   * non-JSON bodies, and bodies evicted to keep the whole log under 32 MiB (oldest first).
   */
  body?: unknown;
  /** Size of the body in bytes, when the mock read it (or the client declared it). */
  bodyBytes?: number;
}

const REQUEST_LOG_LIMITS = {
  /** Requests kept: enough for any test, bounded for long-running and soak use. */
  requests: 10_000,
  /** Largest body kept, measured as its shortened JSON. */
  bodyBytes: 16 * 1024,
  /** All kept bodies together; past it the oldest bodies are dropped first. */
  totalBodyBytes: 32 * 1024 * 1024,
};

/** Longest string kept as is in a logged body. */
const MAX_STRING = 1024;

function shorten(value: unknown): unknown {
  if (typeof value === 'string') return value.length > MAX_STRING ? `<${value.length} chars>` : value;
  if (Array.isArray(value)) return value.map(shorten);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, shorten(item)]));
  }
  return value;
}

/** The body as logged and its weight, or undefined when it is not JSON or too large. */
function loggedBody(bytes: Uint8Array, maxBytes: number): { body: unknown; size: number } | undefined {
  // Only bodies that could shrink under the cap are parsed: base64 images shrink, huge structures do not.
  if (bytes.byteLength > 64 * maxBytes) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    return undefined;
  }
  const body = shorten(parsed);
  const size = JSON.stringify(body).length;
  return size > maxBytes ? undefined : { body, size };
}

async function readBody(cached: Promise<unknown> | undefined): Promise<Uint8Array | undefined> {
  const value = await cached?.catch(() => undefined);
  if (typeof value === 'string') return new TextEncoder().encode(value);
  if (value instanceof ArrayBuffer) return new Uint8Array(value);
  return undefined;
}

/**
 * Appends every request to `log` as it arrives, then, once answered, the body the handlers
 * read (from Hono's body cache: the log itself never reads a body, so it cannot bypass the body
 * limit). Bounded: the newest 10,000 requests, 16 KiB per body, 32 MiB of bodies in all.
 */
export function requestLogMiddleware(log: RecordedRequest[], limits = REQUEST_LOG_LIMITS): MiddlewareHandler {
  const withBodies: Array<{ entry: RecordedRequest; size: number }> = [];
  let total = 0;
  return async (c, next) => {
    const entry: RecordedRequest = { method: c.req.method, path: c.req.path, headers: c.req.header() };
    log.push(entry);
    if (log.length > 2 * limits.requests) log.splice(0, log.length - limits.requests);
    await next();
    const bytes = await readBody(Object.values(c.req.bodyCache)[0] as Promise<unknown> | undefined);
    const declared = Number(c.req.header('content-length'));
    if (bytes !== undefined) entry.bodyBytes = bytes.byteLength;
    else if (Number.isInteger(declared) && declared > 0) entry.bodyBytes = declared;
    const logged = bytes === undefined || bytes.byteLength === 0 ? undefined : loggedBody(bytes, limits.bodyBytes);
    if (logged === undefined) return;
    entry.body = logged.body;
    withBodies.push({ entry, size: logged.size });
    total += logged.size;
    while (total > limits.totalBodyBytes) {
      const oldest = withBodies.shift();
      if (oldest === undefined) break;
      delete oldest.entry.body;
      total -= oldest.size;
    }
  };
}
