/**
 * `@sdwebui/mock/browser`: the mock inside the page. `startBrowserMock()` registers the mock's Service
 * Worker (the file at `BROWSER_MOCK_WORKER` of the package's Node entry, served by your app, by default
 * at `/sdwebui-mock-sw.js`), which answers the webui's routes on the page's own origin with no server;
 * point the SDK at `location.origin`. `override` makes a route answer a given status and body for one
 * test, typed from the generated `paths` you pass (`startBrowserMock<paths>()`).
 */
import type { Override, OverrideMessage } from './overrides.js';

/** Options of `startBrowserMock`. */
export interface BrowserMockOptions {
  /** Where the app serves the Service Worker file. Default `/sdwebui-mock-sw.js`. */
  scriptUrl?: string;
  /** The registration's scope. Default `/`: every page of the origin. */
  scope?: string;
  /** The webui release to behave like (any A1111-family profile; not `sdnext`). Default `a1111-1.10`. */
  profile?: 'a1111-1.4' | 'a1111-1.7' | 'a1111-1.10' | 'forge-2';
  /** Simulated time per sampling step, in ms. Default 0. */
  stepMs?: number;
  /** `--api-auth` (`user:pass`): HTTP Basic on the routes the webui protects. Default: none. */
  apiAuth?: string;
}

/** The HTTP methods of a path item that have an operation (openapi-typescript writes the others as `never`). */
type MethodOf<PathItem> = {
  [M in keyof PathItem]-?: NonNullable<PathItem[M]> extends { responses: unknown }
    ? [NonNullable<PathItem[M]>] extends [never]
      ? never
      : M
    : never;
}[keyof PathItem] &
  string;

/** The JSON body a path's operation declares for a status; `unknown` for a status it does not declare. */
type BodyOf<PathItem, M, S extends number> = M extends keyof PathItem
  ? NonNullable<PathItem[M]> extends { responses: infer R }
    ? S extends keyof R
      ? R[S] extends { content: { 'application/json': infer B } }
        ? B
        : unknown
      : unknown
    : unknown
  : unknown;

/** What an override answers. */
export interface OverrideAnswer<Body> {
  status: number;
  body: Body;
  /** Answer this many requests, then the mock answers again. Default: until `reset()`. */
  times?: number;
}

/** The running browser mock. `Paths` is the generated `paths` type (e.g. `@sdwebui/client`'s) that types `override`. */
export interface BrowserMock<Paths = Record<string, Record<string, { responses: Record<number, unknown> }>>> {
  /** The base URL to give the SDK: the page's origin. */
  url: string;
  /** `method path` answers `answer.status` with `answer.body` (typed by the operation for that status) until reset. */
  override<P extends keyof Paths & string, M extends MethodOf<Paths[P]>, S extends number>(
    method: M,
    path: P,
    answer: OverrideAnswer<BodyOf<Paths[P], M, S>> & { status: S },
  ): Promise<void>;
  /** Drops every override: the mock answers everything again. */
  reset(): Promise<void>;
  /** Unregisters the Service Worker: pages loaded afterwards talk to the network again. */
  stop(): Promise<void>;
}

/** Thrown when the page cannot run the browser mock (no Service Worker support, or the script failed to install). */
export class BrowserMockError extends Error {
  override name = 'BrowserMockError';
}

/** Sends a message to the controlling Service Worker and waits for its acknowledgement. */
function send(worker: ServiceWorker, message: OverrideMessage): Promise<void> {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => resolve();
    worker.postMessage(message, [channel.port2]);
  });
}

/**
 * Registers the mock's Service Worker and resolves once it controls this page, so the page's next
 * `fetch` of `/sdapi/v1/*` is answered by the mock.
 */
export async function startBrowserMock<Paths = Record<string, Record<string, { responses: Record<number, unknown> }>>>(
  options: BrowserMockOptions = {},
): Promise<BrowserMock<Paths>> {
  const container = globalThis.navigator?.serviceWorker;
  if (container === undefined)
    throw new BrowserMockError(
      'this page has no Service Worker support (a secure context is needed: https or localhost)',
    );
  const query = new URLSearchParams();
  if (options.profile !== undefined) query.set('profile', options.profile);
  if (options.stepMs !== undefined) query.set('stepMs', String(options.stepMs));
  if (options.apiAuth !== undefined) query.set('apiAuth', options.apiAuth);
  const script = `${options.scriptUrl ?? '/sdwebui-mock-sw.js'}${query.size > 0 ? `?${query}` : ''}`;
  const registration = await container.register(script, { scope: options.scope ?? '/' }).catch((error: Error) => {
    throw new BrowserMockError(`the mock's Service Worker ${script} did not register: ${error.message}`);
  });
  await container.ready;
  if (container.controller === null) {
    await new Promise((resolve) => container.addEventListener('controllerchange', resolve, { once: true }));
  }
  const worker = () => {
    const controller = container.controller;
    if (controller === null) throw new BrowserMockError('the mock no longer controls this page');
    return controller;
  };
  return {
    url: location.origin,
    override: (method, path, answer) =>
      send(worker(), {
        type: 'sdwebui-mock:override',
        override: {
          method,
          path,
          status: answer.status,
          body: answer.body,
          ...(answer.times ? { times: answer.times } : {}),
        } satisfies Override,
      }),
    reset: () => send(worker(), { type: 'sdwebui-mock:reset' }),
    stop: async () => {
      await registration.unregister();
    },
  };
}
