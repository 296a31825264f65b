import type { MiddlewareHandler } from 'hono';
import { send } from '../../http/process-time/index.js';
import { fastapiJson } from '../../fastapi/python-json/index.js';
import { fastapiJsonYielding } from '../../fastapi/python-json/yielding.js';
import type { Cassette, Interaction } from './format.js';
import { closestInteractions, indexInteractions, type IncomingRequest } from './match.js';

export type { Cassette, Interaction, RequestMatcher, RecordedResponse } from './format.js';
export { loadCassettes, removeStaleTemps, CassetteError } from './store.js';
export { writeCassette } from './write.js';
export { findInteraction } from './match.js';

async function incoming(c: Parameters<MiddlewareHandler>[0]): Promise<IncomingRequest> {
  const text = c.req.method === 'GET' || c.req.method === 'HEAD' ? '' : await c.req.text();
  let body: unknown;
  try {
    body = text === '' ? undefined : JSON.parse(text);
  } catch {
    body = text;
  }
  return { method: c.req.method, path: c.req.path, query: c.req.query(), body };
}

export interface ReplayOptions {
  /** Answer 501 naming the closest cassettes instead of emulating a miss. */
  strict: boolean;
  /**
   * Starlette's router: a request it answers itself (405, the trailing-slash 307) is never
   * replayed, as routing comes before anything a route does.
   */
  route?: (method: string, path: string) => { kind: string };
}

/** A recorded answer's bytes: its exact text, or its body as FastAPI writes it. */
async function encodeRecorded(response: Interaction['response']): Promise<Uint8Array> {
  if (response.bodyBytes !== undefined) return response.bodyBytes;
  if (response.bodyText !== undefined) return Buffer.from(response.bodyText);
  if (response.body === undefined) return Buffer.alloc(0);
  const json = await fastapiJsonYielding(response.body);
  return typeof json === 'string' ? Buffer.from(json) : json;
}

/** Answers from the cassettes when one matches; otherwise emulation (or, strict, a 501 naming the closest). */
export function replayMiddleware(cassettes: readonly Cassette[], options: ReplayOptions): MiddlewareHandler {
  const index = indexInteractions(cassettes);
  // Recorded answers never change: serialize and encode each once (large strings, assets, a slice at a time).
  const encoded = new WeakMap<object, Promise<Uint8Array>>();
  return async (c, next) => {
    const kind = options.route?.(c.req.method, c.req.path).kind;
    if (kind === 'method-not-allowed' || kind === 'redirect') return next();
    const request = await incoming(c);
    const interaction = index.find(request);
    if (interaction === undefined) {
      if (!options.strict) return next();
      const detail = `No cassette matches ${request.method} ${request.path}`;
      return send(c, fastapiJson({ detail, closest: closestInteractions(cassettes, request) }), 501, {
        'content-type': 'application/json',
      });
    }
    const { response } = interaction;
    let body = encoded.get(interaction);
    if (body === undefined) {
      body = encodeRecorded(response);
      encoded.set(interaction, body);
    }
    return send(c, await body, response.status, response.headers);
  };
}
