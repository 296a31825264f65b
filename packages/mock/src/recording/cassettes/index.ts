import type { MiddlewareHandler } from 'hono';
import { send } from '../../http/process-time/index.js';
import { fastapiJson } from '../../fastapi/python-json/index.js';
import type { Cassette } from './format.js';
import { closestInteractions, findInteraction, type IncomingRequest } from './match.js';

export type { Cassette, Interaction, RequestMatcher, RecordedResponse } from './format.js';
export { loadCassettes, writeCassette, removeStaleTemps, CassetteError } from './store.js';
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

/** Answers from the cassettes when one matches; otherwise emulation (or, strict, a 501 naming the closest). */
export function replayMiddleware(cassettes: readonly Cassette[], options: { strict: boolean }): MiddlewareHandler {
  // Recorded answers never change: serialize each once.
  const serialized = new WeakMap<object, string>();
  return async (c, next) => {
    const request = await incoming(c);
    const interaction = findInteraction(cassettes, request);
    if (interaction === undefined) {
      if (!options.strict) return next();
      const detail = `No cassette matches ${request.method} ${request.path}`;
      return send(c, fastapiJson({ detail, closest: closestInteractions(cassettes, request) }), 501, {
        'content-type': 'application/json',
      });
    }
    const { response } = interaction;
    let body = serialized.get(interaction);
    if (body === undefined)
      serialized.set(
        interaction,
        (body = response.bodyText ?? (response.body === undefined ? '' : fastapiJson(response.body))),
      );
    return send(c, body, response.status, response.headers);
  };
}
