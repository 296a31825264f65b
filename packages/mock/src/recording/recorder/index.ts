import { Hono } from 'hono';
import { basicAuthHeader } from '@sdwebui/internal/basic-auth';
import { PyFloat, type PyJson } from '../../webui/python/index.js';
import { fastapiJson } from '../../fastapi/python-json/index.js';
import { parsePythonJson } from '../../fastapi/python-json/parse.js';
import { writeCassette } from '../cassettes/store.js';
import type { Interaction, RecordedResponse } from '../cassettes/format.js';
import { redactBody, redactQuery, withoutUserinfo } from '../redaction/index.js';
import { BodyTooLargeError, readCapped } from './capped-body.js';

export interface RecorderOptions {
  /** The real webui, e.g. `http://127.0.0.1:7860`. */
  target: string;
  /** Folder the cassettes go to (one file per interaction). */
  outDir: string;
  /** `user:pass` added upstream when the client sends none of its own (default: the target URL's userinfo). */
  user?: string;
  /** Called after each cassette is written. */
  onRecorded?: (path: string, interaction: Interaction) => void;
  /** Called when a cassette cannot be written (disk full, permissions). */
  onError?: (error: unknown) => void;
  /**
   * Largest request body and upstream response body held, in bytes (default 64 MiB). Larger
   * requests get 413; a larger upstream answer is cut off and the client gets a 502, unrecorded.
   */
  maxBodyBytes?: number;
}

/** Request headers never forwarded as is: hop-by-hop ones, and encodings (bodies must stay uncompressed to be recorded). */
const HOP_BY_HOP = new Set([
  'host',
  'connection',
  'keep-alive',
  'transfer-encoding',
  'content-length',
  'accept-encoding',
  'upgrade',
  'proxy-authorization',
  'te',
  'trailer',
]);

/** Fields that differ on every call and must not decide a match. */
const VOLATILE = new Set(['force_task_id', 'id_task']);
const LARGE = 1024;

/** The request body as a matcher: volatile fields, random seeds (-1), images and secrets left out. */
export function matcherBody(body: unknown): PyJson | undefined {
  const strip = (value: unknown): PyJson | undefined => {
    if (typeof value === 'string') return value.length > LARGE ? undefined : value;
    if (Array.isArray(value)) {
      const items = value.map(strip);
      return items.some((item) => item === undefined) ? undefined : (items as PyJson[]);
    }
    if (value !== null && typeof value === 'object' && !(value instanceof PyFloat)) {
      const out: Record<string, PyJson> = {};
      for (const [key, item] of Object.entries(value)) {
        if (VOLATILE.has(key) || ((key === 'seed' || key === 'subseed') && item === -1)) continue;
        const kept = strip(item);
        if (kept !== undefined) out[key] = kept;
      }
      return out;
    }
    return value as PyJson;
  };
  if (body === undefined) return undefined;
  const stripped = strip(body);
  return stripped === undefined ? undefined : redactBody(stripped, 'drop').value;
}

function slug(method: string, path: string): string {
  return `${method.toLowerCase()}${path.replace(/[^A-Za-z0-9]+/g, '-')}`.replace(/-+$/, '').slice(0, 80);
}

/** Largest request or upstream response body held by default: the mock's own request limit. */
const DEFAULT_MAX_BODY_BYTES = 64 * 1024 * 1024;

/** `user:password` from a URL's userinfo, if it has one. */
function userinfoOf(url: string): string | undefined {
  try {
    const { username, password } = new URL(url);
    return username === '' ? undefined : `${decodeURIComponent(username)}:${decodeURIComponent(password)}`;
  } catch {
    return undefined;
  }
}

const webuiError = (error: string, detail: string) => ({ error, detail, body: '', errors: '' });

/** The upstream body as recorded: JSON re-serializable byte for byte as `body`, else `bodyText`; secrets masked. */
function recordedBody(text: string): Pick<RecordedResponse, 'body' | 'bodyText'> {
  let body: PyJson | undefined;
  try {
    body = parsePythonJson(text);
  } catch {
    return { bodyText: text };
  }
  const { value, redacted } = redactBody(body, 'mask');
  // A masked body cannot reproduce the upstream bytes anyway; an unmasked one must, or it is kept as text.
  if (redacted > 0 || fastapiJson(body) === text) return { body: value };
  return { bodyText: text };
}

/**
 * A recording proxy in front of a real webui: forwards every request, returns the upstream
 * response byte for byte, and writes each interaction as its own cassette file (atomically).
 * Credentials never reach a cassette: no request header is recorded, of the response headers
 * only `content-type` is kept, credential-bearing body fields and query parameters are redacted
 * (`../redaction`), and the target's `user:password@` never appears. Bodies are held up to
 * `maxBodyBytes`; a larger upstream answer is cut off and reported as a 502.
 */
export function createRecorder(options: RecorderOptions): Hono {
  const app = new Hono();
  // fetch refuses URLs with credentials: `http://user:pass@host` becomes the default `user`.
  const target = withoutUserinfo(options.target.replace(/\/+$/, ''));
  const shownTarget = target;
  const user = options.user ?? userinfoOf(options.target);
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  let sequence = 0;
  app.all('*', async (c) => {
    const url = new URL(c.req.url);
    const headers = new Headers();
    c.req.raw.headers.forEach((value, key) => {
      if (!HOP_BY_HOP.has(key.toLowerCase())) headers.set(key, value);
    });
    headers.set('accept-encoding', 'identity');
    if (user !== undefined && !headers.has('authorization')) {
      headers.set('authorization', basicAuthHeader(user));
    }
    let requestBytes: Uint8Array<ArrayBuffer> | undefined;
    if (c.req.method !== 'GET' && c.req.method !== 'HEAD') {
      try {
        requestBytes = await readCapped(c.req.raw.body, maxBodyBytes);
      } catch (error) {
        if (!(error instanceof BodyTooLargeError)) throw error;
        return c.json(webuiError('HTTPException', 'Payload Too Large'), 413);
      }
    }
    // The client leaving aborts the upstream call and the read of its body.
    const upstreamCall = new AbortController();
    const clientGone = () => upstreamCall.abort(new Error('the client closed the connection'));
    c.req.raw.signal.addEventListener('abort', clientGone, { once: true });
    let upstream: Response;
    let responseBytes: Uint8Array<ArrayBuffer>;
    try {
      try {
        upstream = await fetch(`${target}${url.pathname}${url.search}`, {
          method: c.req.method,
          headers,
          body: requestBytes,
          redirect: 'manual',
          signal: upstreamCall.signal,
        });
      } catch (error) {
        const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).name;
        return c.json(webuiError('RecorderError', `cannot reach ${shownTarget}: ${cause}`), 502);
      }
      try {
        responseBytes = await readCapped(upstream.body, maxBodyBytes);
      } catch (error) {
        upstreamCall.abort();
        if (error instanceof BodyTooLargeError) {
          const where = `${shownTarget}${url.pathname}`;
          const detail = `the answer of ${where} is over the recorder's ${maxBodyBytes}-byte limit; not recorded`;
          return c.json(webuiError('RecorderError', detail), 502);
        }
        const detail = `the answer of ${shownTarget}${url.pathname} broke off: ${(error as Error).name}`;
        return c.json(webuiError('RecorderError', detail), 502);
      }
    } finally {
      c.req.raw.signal.removeEventListener('abort', clientGone);
    }
    const responseHeaders: Record<string, string> = {};
    const contentType = upstream.headers.get('content-type');
    if (contentType) responseHeaders['content-type'] = contentType;

    let requestJson: unknown;
    try {
      requestJson =
        requestBytes && requestBytes.length > 0 ? JSON.parse(new TextDecoder().decode(requestBytes)) : undefined;
    } catch {
      requestJson = undefined;
    }
    const query = redactQuery(Object.fromEntries(url.searchParams));
    const interaction: Interaction = {
      request: {
        method: c.req.method,
        path: url.pathname,
        ...(Object.keys(query).length > 0 ? { query } : {}),
        ...(requestJson !== undefined ? { body: matcherBody(requestJson) as PyJson } : {}),
      },
      response: {
        status: upstream.status,
        headers: responseHeaders,
        ...recordedBody(new TextDecoder().decode(responseBytes)),
      },
    };
    sequence++;
    const name = `${String(Date.now())}-${String(sequence).padStart(4, '0')}-${slug(c.req.method, url.pathname)}.json`;
    try {
      const source = `recorded from ${shownTarget} at ${new Date().toISOString()}`;
      const path = await writeCassette(options.outDir, name, { source, interactions: [interaction] });
      options.onRecorded?.(path, interaction);
    } catch (error) {
      // The client still gets the upstream answer; the failure is reported, and no partial file exists.
      options.onError?.(error);
    }

    const passHeaders = new Headers();
    upstream.headers.forEach((value, key) => {
      if (!['content-encoding', 'transfer-encoding', 'connection', 'content-length'].includes(key))
        passHeaders.set(key, value);
    });
    return new Response(responseBytes, { status: upstream.status, headers: passHeaders });
  });
  return app;
}
