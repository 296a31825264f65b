import { Hono } from 'hono';
import { PyFloat, fastapiJson, type PyJson } from '../../fastapi/python-json/index.js';
import { parsePythonJson } from '../../fastapi/python-json/parse.js';
import { writeCassette } from '../cassettes/store.js';
import type { Interaction } from '../cassettes/format.js';

export interface RecorderOptions {
  /** The real webui, e.g. `http://127.0.0.1:7860`. */
  target: string;
  /** Folder the cassettes go to (one file per interaction). */
  outDir: string;
  /** `user:pass` added upstream when the client sends no credentials of its own. */
  user?: string;
  /** Called after each cassette is written. */
  onRecorded?: (path: string, interaction: Interaction) => void;
  /** Called when a cassette cannot be written (disk full, permissions). */
  onError?: (error: unknown) => void;
}

/** Request headers never forwarded as is: hop-by-hop ones, and encodings (bodies must stay uncompressed to be recorded). */
const HOP_BY_HOP = new Set(['host', 'connection', 'keep-alive', 'transfer-encoding', 'content-length', 'accept-encoding', 'upgrade', 'proxy-authorization', 'te', 'trailer']);

/** Fields that differ on every call and must not decide a match. */
const VOLATILE = new Set(['force_task_id', 'id_task']);
const LARGE = 1024;

/** The request body as a matcher: volatile fields, random seeds (-1) and images left out. */
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
  return body === undefined ? undefined : strip(body);
}

function slug(method: string, path: string): string {
  return `${method.toLowerCase()}${path.replace(/[^A-Za-z0-9]+/g, '-')}`.replace(/-+$/, '').slice(0, 80);
}

/**
 * A recording proxy in front of a real webui: forwards every request, returns the upstream
 * response byte for byte, and writes each interaction as its own cassette file (atomically).
 * Credentials never reach a cassette: no request header is recorded, and of the response
 * headers only `content-type` is kept.
 */
export function createRecorder(options: RecorderOptions): Hono {
  const app = new Hono();
  const target = options.target.replace(/\/+$/, '');
  let sequence = 0;
  app.all('*', async (c) => {
    const url = new URL(c.req.url);
    const headers = new Headers();
    c.req.raw.headers.forEach((value, key) => {
      if (!HOP_BY_HOP.has(key.toLowerCase())) headers.set(key, value);
    });
    headers.set('accept-encoding', 'identity');
    if (options.user !== undefined && !headers.has('authorization')) {
      headers.set('authorization', `Basic ${Buffer.from(options.user).toString('base64')}`);
    }
    const requestBytes = c.req.method === 'GET' || c.req.method === 'HEAD' ? undefined : new Uint8Array(await c.req.arrayBuffer());
    let upstream: Response;
    try {
      upstream = await fetch(`${target}${url.pathname}${url.search}`, { method: c.req.method, headers, body: requestBytes, redirect: 'manual' });
    } catch (error) {
      const cause = (error as { cause?: { code?: string } }).cause?.code ?? String(error);
      return c.json({ error: 'RecorderError', detail: `cannot reach ${target}: ${cause}`, body: '', errors: '' }, 502);
    }
    const responseBytes = new Uint8Array(await upstream.arrayBuffer());
    const responseHeaders: Record<string, string> = {};
    const contentType = upstream.headers.get('content-type');
    if (contentType) responseHeaders['content-type'] = contentType;

    const text = new TextDecoder().decode(responseBytes);
    let body: PyJson | undefined;
    try {
      body = parsePythonJson(text);
      if (fastapiJson(body) !== text) body = undefined;
    } catch {
      body = undefined;
    }
    let requestJson: unknown;
    try {
      requestJson = requestBytes && requestBytes.length > 0 ? JSON.parse(new TextDecoder().decode(requestBytes)) : undefined;
    } catch {
      requestJson = undefined;
    }
    const query = Object.fromEntries(url.searchParams);
    const interaction: Interaction = {
      request: {
        method: c.req.method,
        path: url.pathname,
        ...(Object.keys(query).length > 0 ? { query } : {}),
        ...(requestJson !== undefined ? { body: matcherBody(requestJson) as PyJson } : {}),
      },
      response: { status: upstream.status, headers: responseHeaders, ...(body !== undefined ? { body } : { bodyText: text }) },
    };
    sequence++;
    const name = `${String(Date.now())}-${String(sequence).padStart(4, '0')}-${slug(c.req.method, url.pathname)}.json`;
    try {
      const path = await writeCassette(options.outDir, name, { source: `recorded from ${target} at ${new Date().toISOString()}`, interactions: [interaction] });
      options.onRecorded?.(path, interaction);
    } catch (error) {
      // The client still gets the upstream answer; the failure is reported, and no partial file exists.
      options.onError?.(error);
    }

    const passHeaders = new Headers();
    upstream.headers.forEach((value, key) => {
      if (!['content-encoding', 'transfer-encoding', 'connection', 'content-length'].includes(key)) passHeaders.set(key, value);
    });
    return new Response(responseBytes, { status: upstream.status, headers: passHeaders });
  });
  return app;
}
