import { type Context, Hono, type MiddlewareHandler } from 'hono';
import { cors } from 'hono/cors';
import { SdnextRequestModels } from '../../fastapi/sdnext-models/index.js';
import { StarletteHttpException } from '../../fastapi/errors/index.js';
import type { PyJson } from '../../webui/python/index.js';
import type { SdnextContext } from '../../webui/sdnext/context.js';
import { createSdnextWebui } from '../../webui/sdnext/index.js';
import { Reply, RaisedEnvelope } from '../../webui/sdnext/reply.js';
import { SDNEXT_HANDLERS } from '../../webui/sdnext/routes/index.js';
import { SDNEXT_LABEL, specVersion } from '../../webui/profiles/spec-version.js';
import { formatApiAuth, parseApiAuth } from '../auth/index.js';
import { BODY_METHODS, bodyLimitMiddleware } from '../body-limit/index.js';
import { docsPage } from '../docs/index.js';
import { faultMiddleware } from '../faults/index.js';
import { pyJsonResponse } from '../json-response/index.js';
import { send, startProcessTime } from '../process-time/index.js';
import { parsePythonJson } from '../../fastapi/python-json/parse.js';
import { replayMiddleware } from '../../recording/cassettes/index.js';
import { requestLogMiddleware } from '../request-log/index.js';
import type { Cassette } from '../../recording/cassettes/index.js';
import type { ApiCredential } from '../auth/index.js';
import type { Fault } from '../faults/index.js';
import type { RecordedRequest } from '../request-log/index.js';
import { checkSdnextAuth, sdnextUsers } from './auth.js';
import { readSdnextDocument, sdnextAnswers } from './data.js';
import { envelope, ESCAPED, sdnextErrorHandler, untimedJson } from './errors.js';
import { SdnextRateLimiter } from './rate-limit/index.js';
import { SdnextRouter } from './routing.js';

/** What `createMockApp` passes on for the `sdnext` profile (see `MockAppOptions` for each option). */
export interface SdnextAppOptions {
  spec?: Uint8Array;
  apiAuth?: string | readonly ApiCredential[];
  stepMs?: number;
  faults?: readonly Fault[];
  cassettes?: readonly Cassette[];
  strict?: boolean;
  corsAllowOrigins?: readonly string[];
  bodyLimitBytes?: number;
  requests?: RecordedRequest[];
  now?: () => number;
  rateLimit?: number | false;
  openapiError?: boolean;
}

type OpenApiDoc = { paths: Record<string, Record<string, unknown>>; components?: { schemas?: Record<string, never> } };

/** Routes SD.Next registers without its auth dependency (`auth=False`). */
const OPEN_ROUTES = new Set(['/js', '/openapi.json', '/docs', '/redocs']);

/** The socket's peer as uvicorn reports it (`scope["client"][0]`); in-process requests are Starlette's `testclient`. */
function clientOf(c: Context): string {
  const socket = (c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming?.socket;
  const address = socket?.remoteAddress;
  if (address === undefined) return 'testclient';
  return address.startsWith('::ffff:') ? address.slice(7) : address;
}

/**
 * SD.Next's `api_preprocess` middleware: it awaits the response first, then (unless an exception
 * escaped to it) bills the request to the rate limiter, so a refused generation has already run; the
 * 429 replaces the answer, without `X-Process-Time` or CORS headers. An escaped exception's answer
 * loses the CORS headers the inner middleware added.
 */
/** Sets the answer without Hono carrying the previous answer's headers over (its `c.res` setter merges them). */
function replace(c: Context, response: Response): void {
  c.res = undefined as unknown as Response;
  c.res = response;
}

function preprocess(ctx: SdnextContext, limiter: SdnextRateLimiter): MiddlewareHandler {
  return async (c, next) => {
    startProcessTime(c);
    await next();
    // A HEAD answer has its headers only (the server would drop the body; in-process, the mock does).
    if (c.req.method === 'HEAD' && c.res.body !== null) c.res = new Response(null, c.res);
    if (c.get(ESCAPED as never) === true) {
      if (c.res.headers.has('access-control-allow-origin'))
        replace(c, untimedJson((await c.res.json()) as PyJson, c.res.status));
      return;
    }
    const client = clientOf(c);
    const path = (decodeURIComponent(c.req.path).match(/^[^?#&=]+/) ?? [''])[0];
    let allowed: boolean;
    try {
      allowed = limiter.hit(client, path, ctx.options.get('server_rate_limit'), ctx.now() / 1000);
    } catch (error) {
      replace(c, sdnextErrorHandler(error as Error, c) as Response);
      return;
    }
    if (!allowed) {
      const detail = `${client}:${path}: rate limit exceeded`;
      replace(c, untimedJson(envelope('HTTPException', 429, detail, `429: ${detail}`), 429));
    }
  };
}

/**
 * The mock SD.Next (vladmandic/sdnext @ 058a7f0) as a Hono app: routed, validated and served by its own
 * document, with its middleware's order and answers (see `preprocess`, `sdnextErrorHandler`).
 */
export function createSdnextApp(options: SdnextAppOptions): { app: Hono; webui: SdnextContext } {
  const documentBytes = readSdnextDocument();
  // Parsed as Python reads it, so float defaults (`cfg_scale: 6.0`) echo as floats.
  const doc = parsePythonJson(new TextDecoder().decode(documentBytes)) as unknown as OpenApiDoc;
  const credentials = typeof options.apiAuth === 'string' ? parseApiAuth(options.apiAuth) : options.apiAuth;
  const webui = createSdnextWebui({
    answers: sdnextAnswers(),
    stepMs: options.stepMs ?? 0,
    now: options.now ?? Date.now,
    specVersion: options.spec === undefined ? SDNEXT_LABEL : specVersion(options.spec),
    apiAuth: credentials === undefined ? null : formatApiAuth(credentials),
    ...(options.rateLimit !== undefined ? { rateLimit: options.rateLimit === false ? 0 : options.rateLimit } : {}),
  });
  const models = new SdnextRequestModels(doc);
  const router = new SdnextRouter();
  router.add('/openapi.json', ['GET', 'HEAD']);
  router.add('/docs', ['GET']);
  router.add('/redocs', ['GET']);
  for (const [path, item] of Object.entries(doc.paths)) {
    if (path === '/openapi.json') continue;
    for (const method of Object.keys(item)) router.add(path, [method.toUpperCase()]);
  }
  const route = (method: string, path: string) => router.route(method, path);
  const app = new Hono();
  if (options.requests) app.use(requestLogMiddleware(options.requests));
  app.use(preprocess(webui, new SdnextRateLimiter()));
  app.on(
    BODY_METHODS,
    '*',
    bodyLimitMiddleware(options.bodyLimitBytes ?? 64 * 1024 * 1024, (c) =>
      pyJsonResponse(c, envelope('HTTPException', 413, 'Payload Too Large', '413: Payload Too Large'), 413),
    ),
  );
  if (options.corsAllowOrigins?.length) {
    const allowed = [...options.corsAllowOrigins];
    app.use(cors({ origin: (origin) => (allowed.includes(origin) ? origin : null), credentials: true }));
  }
  if (options.faults?.length) app.use(faultMiddleware(options.faults));
  if (credentials !== undefined) {
    const users = sdnextUsers(credentials);
    app.use(async (c, next) => {
      if (OPEN_ROUTES.has(c.req.path) || route(c.req.method, c.req.path).kind !== 'found') return next();
      try {
        checkSdnextAuth(users, c.req.header('authorization'));
      } catch (error) {
        // FastAPI reads (and may refuse) the body before the dependency runs.
        if (BODY_METHODS.includes(c.req.method)) await models.readBody(c);
        throw error;
      }
      return next();
    });
  }
  if (options.cassettes?.length)
    app.use(replayMiddleware(options.cassettes, { strict: options.strict === true, route }));

  const unmatched = (c: Context): Response => {
    const match = route(c.req.method, c.req.path);
    if (match.kind === 'method-not-allowed')
      throw new StarletteHttpException(405, 'Method Not Allowed', { allow: match.allow });
    if (match.kind !== 'redirect') return pyJsonResponse(c, { detail: 'Not Found' }, 404);
    const location = new URL(c.req.url);
    location.pathname = match.path;
    return send(c, null, 307, { location: location.href });
  };
  const served = options.spec;
  app.on(['GET', 'HEAD'], '/openapi.json', (c) => {
    if (options.openapiError === true && served === undefined) throw new RaisedEnvelope(webui.answers.openapiError);
    return send(c, served ?? documentBytes, 200, { 'content-type': 'application/json' });
  });
  let docs: Uint8Array | undefined;
  const docsRoute = (c: Context) => {
    if (c.req.method !== 'GET') return unmatched(c);
    docs ??= Buffer.from(docsPage(doc as Parameters<typeof docsPage>[0], 'SD.Next (mock)'));
    return send(c, docs, 200, { 'content-type': 'text/html; charset=UTF-8' });
  };
  app.get('/docs', docsRoute);
  app.get('/redocs', docsRoute);
  for (const { path, honoPath, methods } of router.routes()) {
    for (const method of methods) {
      const handler = SDNEXT_HANDLERS[`${method} ${path}`];
      if (handler === undefined) continue;
      // pydantic 2 serializes a route's answer through its response model: NaN and infinity become null.
      const modelNulls = models.operation(method, path).modelNulls;
      app.on(method, honoPath, async (c) => {
        // Hono answers HEAD with the GET route; Starlette (no HEAD on FastAPI's API routes) with 405.
        if (c.req.method !== method) return unmatched(c);
        const request = models.bind(c, method, path);
        const result = await handler({ ctx: webui, request, path: c.req.param() as Record<string, string> });
        if (result instanceof Reply) {
          return result.body === undefined
            ? send(c, null, result.status, {})
            : pyJsonResponse(c, result.body, result.status);
        }
        return pyJsonResponse(c, result, 200, modelNulls);
      });
    }
  }
  app.notFound(unmatched);
  app.onError(sdnextErrorHandler);
  return { app, webui };
}
