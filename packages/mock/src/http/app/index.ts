import { type Context, Hono } from 'hono';
import { cors } from 'hono/cors';
import { apiAuthMiddleware, formatApiAuth, parseApiAuth } from '../auth/index.js';
import { createCatalogue } from '../../webui/catalogue/index.js';
import {
  DEFAULT_EXTENSIONS,
  EXTENSION_IDS,
  ExtensionHost,
  type ExtensionId,
} from '../../webui/extensions/host/index.js';
import { withExtensionOptions } from '../../webui/extensions/options.js';
import { extensionRoutes, installedExtensionDocuments } from '../../webui/extensions/routes.js';
import { docsPage } from '../docs/index.js';
import { checkSpecOption, withExtensionDocuments } from './served-spec.js';
import { pyJsonResponse, pyJsonResponseYielding } from '../json-response/index.js';
import type { Handler, HandlerTable } from '../../webui/handlers/index.js';
import type { PyJson } from '../../webui/python/index.js';
import { exceptionHandler } from './exception-handlers.js';
import { faultMiddleware, type Fault } from '../faults/index.js';
import type { WebuiContext } from '../../webui/generation/context.js';
import { FifoLock } from '../../webui/jobs/fifo-lock.js';
import { SharedState, TaskRegistry } from '../../webui/jobs/state.js';
import { OptionsStore } from '../../webui/options/index.js';
import { getProfile, readProfileSpec, type A1111ProfileId, type ProfileId } from '../../webui/profiles/index.js';
import type { SdnextContext } from '../../webui/sdnext/context.js';
import { createSdnextApp } from '../sdnext/app.js';
import { specVersion } from '../../webui/profiles/spec-version.js';
import { generationHandlers } from '../routes/generation.js';
import { listHandlers } from '../routes/lists.js';
import { optionsHandlers } from '../routes/options.js';
import { progressHandlers } from '../routes/progress.js';
import { RequestModels, type Operation } from '../../fastapi/request-model/index.js';
import { fastapiJson } from '../../fastapi/python-json/index.js';
import { profileDocument } from './served-document.js';
import { createRouter, routeTable, unmatchedRoute } from './routing.js';
import { replayMiddleware, type Cassette } from '../../recording/cassettes/index.js';
import { processTimeMiddleware, send, startProcessTime } from '../process-time/index.js';
import { BODY_METHODS, bodyLimitMiddleware } from '../body-limit/index.js';
import { requestLogMiddleware, type RecordedRequest } from '../request-log/index.js';

export interface MockAppOptions {
  /** Which webui release to behave like. Default `a1111-1.10`. */
  profile?: ProfileId;
  /** Bytes to serve at `/openapi.json` instead of the profile's normalized spec (e.g. a raw capture). */
  spec?: Uint8Array;
  /** `--api-auth`: `"user:pass,user2:pass2"` or a list; protects the routes the webui protects. */
  apiAuth?: string | ReadonlyArray<{ username: string; password: string }>;
  /** Simulated time per sampling step in ms (default 0: as fast as the event loop allows). */
  stepMs?: number;
  /** Misbehaviour to inject per route. */
  faults?: readonly Fault[];
  /** Recorded interactions to replay before emulating. */
  cassettes?: readonly Cassette[];
  /** With cassettes: answer 501 naming the closest cassettes instead of emulating a miss. */
  strict?: boolean;
  /** `--nowebui` mode: the `/internal/*` routes do not exist. */
  nowebui?: boolean;
  /**
   * Extensions installed and emulated (routes, `alwayson_scripts`, infotext, scripts lists,
   * `/sdapi/v1/extensions`). Default: ControlNet and ADetailer, what the recorded catalogue lists;
   * `[]` for a bare webui.
   */
  extensions?: readonly ExtensionId[];
  /** Called with each line the emulated webui's console shows (extension errors it swallows). */
  onConsole?: (line: string) => void;
  /**
   * `--cors-allow-origins`: origins browsers may call from (credentials allowed, any method and
   * header). Without it, as on the webui, no CORS headers are sent.
   */
  corsAllowOrigins?: readonly string[];
  /** Largest accepted request body in bytes (default 64 MiB); larger ones get 413. */
  bodyLimitBytes?: number;
  /** Every request the app receives is appended here, with the body it read (bounded: see `RecordedRequest`). */
  requests?: RecordedRequest[];
  /** Clock in ms, for tests (the `sdnext` profile's rate limiter reads it too). */
  now?: () => number;
  /**
   * `sdnext` only: the initial `server_rate_limit`, requests per minute per client and path (SD.Next's
   * default 300; txt2img/img2img/control cost 5). `false` or 0 switches the limiter off, as the option does.
   */
  rateLimit?: number | false;
  /**
   * `sdnext` only: answer `/openapi.json` as SD.Next 058a7f0 does, 500 `PydanticInvalidForJsonSchema`,
   * instead of serving its document (the default, so `spec pull` works against the mock).
   */
  openapiError?: boolean;
}

export type { RecordedRequest } from '../request-log/index.js';

export interface MockApp<Webui = WebuiContext> {
  app: Hono;
  /** The emulated webui's state: options, shared job state, task registry (SD.Next's own for `sdnext`). */
  webui: Webui;
}

const HANDLERS: HandlerTable = { ...generationHandlers, ...progressHandlers, ...optionsHandlers, ...listHandlers };

/** Core routes `--api-auth` protects: every `/sdapi/v1` route of the Api class, not the Lora extension's. */
function isProtectedRoute(path: string): boolean {
  return path.startsWith('/sdapi/v1/') && path !== '/sdapi/v1/loras' && path !== '/sdapi/v1/refresh-loras';
}

/** FastAPI's compact rendering of a document, without the /internal routes in --nowebui mode (not registered there). */
function rendered(spec: WebuiContext['spec'], nowebui: boolean): Uint8Array {
  const paths = Object.fromEntries(
    Object.entries(spec.paths).filter(([path]) => !nowebui || !path.startsWith('/internal/')),
  );
  return new TextEncoder().encode(fastapiJson({ ...spec, paths } as unknown as PyJson));
}

/**
 * The mock webui as a Hono app, usable without a socket (`app.request(...)`) in tests.
 * FastAPI keeps `/path` and `/path/` distinct, and so does Hono's default strict routing.
 */
export function createMockApp(options: MockAppOptions & { profile: 'sdnext' }): MockApp<SdnextContext>;
export function createMockApp(options?: MockAppOptions): MockApp;
export function createMockApp(options: MockAppOptions = {}): MockApp<WebuiContext | SdnextContext> {
  // Whatever the profile, only an OpenAPI document is served as one.
  if (options.spec !== undefined) checkSpecOption(options.spec);
  if (options.profile === 'sdnext') return createSdnextApp(options);
  return createA1111App({ ...options, profile: options.profile ?? 'a1111-1.10' });
}

/** The A1111 family (A1111 releases, Forge): one emulation switched by the profile. */
function createA1111App(options: MockAppOptions & { profile: A1111ProfileId }): MockApp {
  const profile = getProfile(options.profile);
  const specBytes = readProfileSpec(profile.id);
  const spec = JSON.parse(new TextDecoder().decode(specBytes)) as WebuiContext['spec'];
  // A server with its own document (Forge's, pydantic 2) is served, routed and validated by it.
  const own = profileDocument(profile);
  const document = own?.doc ?? spec;
  let servedBytes = options.spec;
  const secured = options.apiAuth === undefined ? undefined : isProtectedRoute;
  // Made on first use: the document with the installed extensions' routes, which FastAPI lists too
  // (they register on the app), and in --nowebui mode without the /internal routes.
  const served = () => {
    if (servedBytes !== undefined) return servedBytes;
    const extensionDocuments = installedExtensionDocuments(webui);
    if (options.nowebui) servedBytes = rendered(withExtensionDocuments(document, extensionDocuments), true);
    else if (own !== undefined) servedBytes = own.bytes(secured, extensionDocuments);
    else if (extensionDocuments.length === 0) servedBytes = specBytes;
    else servedBytes = rendered(withExtensionDocuments(spec, extensionDocuments), false);
    return servedBytes;
  };
  const requested = options.extensions ?? DEFAULT_EXTENSIONS;
  // Forge's ControlNet is built in: there whatever `extensions` says.
  const installed = profile.fork?.builtinControlNet
    ? EXTENSION_IDS.filter((id) => id === 'controlnet' || requested.includes(id))
    : requested;
  const extensions = new ExtensionHost(installed, options.onConsole);
  const catalogue = createCatalogue(profile.id, extensions.installed);
  const credentials = typeof options.apiAuth === 'string' ? parseApiAuth(options.apiAuth) : options.apiAuth;
  const optionsSchema = (document.components?.schemas?.Options ?? {}) as Record<string, unknown>;
  const webui: WebuiContext = {
    profile,
    spec,
    flagsSchema: (document.components?.schemas?.Flags?.properties ?? {}) as WebuiContext['flagsSchema'],
    options: new OptionsStore(
      withExtensionOptions(optionsSchema, extensions.installed),
      catalogue.checkpoints,
      profile.checksCheckpointOnSet,
      profile.fork === null ? 'a1111' : 'forge',
    ),
    catalogue,
    state: new SharedState(),
    registry: new TaskRegistry(),
    lock: new FifoLock(),
    extensions,
    stepMs: options.stepMs ?? 0,
    now: options.now ?? Date.now,
    specVersion: options.spec === undefined ? profile.version : specVersion(options.spec),
    apiAuth: credentials === undefined ? null : formatApiAuth(credentials),
  };
  const models = new RequestModels(document, profile.pydantic);
  const app = new Hono();

  // Starlette's routing runs before any route dependency (auth), in the not-found handler below: a
  // request Hono routes to a handler is one Starlette finds too.
  const routes = routeTable(document.paths, options.nowebui === true);
  // Extension routes are registered on the app itself (`on_app_started`), outside the core spec.
  const extension = extensionRoutes(webui);
  for (const { method, path } of extension) routes.set(path, [...(routes.get(path) ?? []), method]);
  const route = createRouter(routes);

  // Middleware runs only where it is configured: a GET of a plain mock then meets one Hono
  // handler, which answers synchronously and @hono/node-server writes at once (no compose chain).
  const everyRequest = Boolean(
    options.requests || options.corsAllowOrigins?.length || options.faults?.length || credentials,
  );
  const replaying = Boolean(options.cassettes?.length);
  // Forge disabled the webui's middleware: its responses have no X-Process-Time.
  const timed = profile.fork === null;
  if (options.requests) app.use(requestLogMiddleware(options.requests));
  // Without such middleware the clock starts where the answer is made (the route, the not-found
  // handler, the 413), so a plain request meets no middleware of its own.
  if (timed && (everyRequest || replaying)) app.use(processTimeMiddleware());
  const payloadTooLarge = (c: Context) => {
    if (timed) startProcessTime(c);
    return pyJsonResponse(c, { error: 'HTTPException', detail: 'Payload Too Large', body: '', errors: '' }, 413);
  };
  app.on(BODY_METHODS, '*', bodyLimitMiddleware(options.bodyLimitBytes ?? 64 * 1024 * 1024, payloadTooLarge));
  if (options.corsAllowOrigins?.length) {
    const allowed = [...options.corsAllowOrigins];
    // Like Starlette's allow_headers=['*'], preflights get the requested headers back
    // (a literal * would not cover Authorization).
    app.use(
      cors({
        origin: (origin) => (allowed.includes(origin) ? origin : null),
        credentials: true,
        allowMethods: ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS'],
      }),
    );
  }
  if (options.faults?.length) app.use(faultMiddleware(options.faults));

  if (credentials !== undefined) {
    app.use(
      apiAuthMiddleware(credentials, (c) => {
        if (!isProtectedRoute(c.req.path) || route(c.req.method, c.req.path).kind !== 'found') return undefined;
        return models.operation(c.req.method, c.req.path).hasBody ? { readBody: () => models.readBody(c) } : {};
      }),
    );
  }
  if (replaying) {
    const cassettes = options.cassettes as readonly Cassette[];
    app.use(replayMiddleware(cassettes, { strict: options.strict === true, route }));
  }

  const unmatched = unmatchedRoute(route);
  /** Mounts one route; the handler runs synchronously unless it awaits something. */
  const mount = (method: string, path: string, respond: (c: Context) => Response | Promise<Response>) =>
    app.on(method, path, (c) => {
      // Hono answers HEAD with the GET route; Starlette (no HEAD on FastAPI's API routes) with 405,
      // but for its own plain routes (`/openapi.json`, `/docs`), which take HEAD too.
      if (timed) startProcessTime(c);
      if (c.req.method !== method && !(c.req.method === 'HEAD' && routes.get(path)?.includes('HEAD')))
        return unmatched(c);
      return respond(c);
    });
  mount('GET', '/openapi.json', (c) => send(c, served(), 200, { 'content-type': 'application/json' }));
  let docs: Uint8Array | undefined;
  mount('GET', '/docs', (c) => {
    // Built on first use: a plain start does not need it.
    docs ??= Buffer.from(docsPage(spec as Parameters<typeof docsPage>[0], `Mock webui ${profile.version}`));
    return send(c, docs, 200, { 'content-type': 'text/html; charset=UTF-8' });
  });

  const mountHandler = (method: string, path: string, handler: Handler, operation: Operation) => {
    const modelNulls = operation.modelNulls;
    mount(method, path, (c) => {
      const result = handler({ ctx: webui, request: operation.bind(c) });
      return result instanceof Promise
        ? answerLater(c, result, modelNulls)
        : pyJsonResponse(c, result, 200, modelNulls);
    });
  };
  for (const [path, methods] of routes) {
    for (const method of methods) {
      const handler = HANDLERS[`${method} ${path}`];
      if (handler !== undefined) mountHandler(method, path, handler, models.operation(method, path));
    }
  }
  for (const { method, path, handler, operation } of extension) mountHandler(method, path, handler, operation);

  app.notFound((c) => {
    if (timed) startProcessTime(c);
    return unmatched(c);
  });
  app.onError(exceptionHandler(profile));
  return { app, webui };
}

export { HANDLERS };

/**
 * A handler's answer once it settles (awaited here, so the route's mount stays on the async stack).
 * Written with its large strings (a generation's `info`, echoed prompts) escaped a slice at a time.
 */
async function answerLater(c: Context, pending: Promise<PyJson>, modelNulls: boolean): Promise<Response> {
  return pyJsonResponseYielding(c, await pending, 200, modelNulls);
}
