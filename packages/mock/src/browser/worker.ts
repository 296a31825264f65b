/**
 * The browser mock's Service Worker (bundled into `dist/bundle/browser/service-worker.js`): the mock's
 * Hono app answering `/sdapi/v1/*`, `/internal/*`, the extensions' routes and `/openapi.json` of its
 * own origin, in the page's browser, with no server. Options come from the script URL's query
 * (`?profile=a1111-1.7&stepMs=20&apiAuth=user:pass`); other requests go to the network as usual.
 */
import { createMockApp } from '../http/app/index.js';
import { isProfileId, type ProfileId } from '../webui/profiles/index.js';
import { OverrideList, type OverrideMessage } from './overrides.js';

/** The parts of the Service Worker global scope used here (the DOM lib has no WebWorker types). */
interface WorkerScope {
  location: Location;
  skipWaiting(): Promise<void>;
  clients: { claim(): Promise<void> };
  addEventListener(
    type: 'install' | 'activate',
    listener: (event: { waitUntil(promise: Promise<unknown>): void }) => void,
  ): void;
  addEventListener(
    type: 'fetch',
    listener: (event: { request: Request; respondWith(response: Promise<Response> | Response): void }) => void,
  ): void;
  addEventListener(type: 'message', listener: (event: { data: unknown; ports: readonly MessagePort[] }) => void): void;
}

const scope = globalThis as unknown as WorkerScope;
const query = new URL(scope.location.href).searchParams;
const profile = query.get('profile') ?? 'a1111-1.10';
if (!isProfileId(profile) || profile === 'sdnext') throw new Error(`the browser mock has no profile ${profile}`);
const stepMs = Number(query.get('stepMs') ?? 0);
const apiAuth = query.get('apiAuth');
const { app } = createMockApp({
  profile: profile as Exclude<ProfileId, 'sdnext'>,
  stepMs: Number.isFinite(stepMs) ? stepMs : 0,
  ...(apiAuth ? { apiAuth } : {}),
});
const overrides = new OverrideList();

/** The paths the mock answers; everything else (the app's own files) goes to the network. */
const MOCK_PATH = /^\/(?:sdapi\/v1\/|internal\/|controlnet\/|adetailer\/|openapi\.json$|docs$)/;

scope.addEventListener('install', (event) => event.waitUntil(scope.skipWaiting()));
scope.addEventListener('activate', (event) => event.waitUntil(scope.clients.claim()));
scope.addEventListener('fetch', (event) => {
  const url = new URL(event.request.url);
  if (url.origin !== scope.location.origin || !MOCK_PATH.test(url.pathname)) return;
  const overridden = overrides.answer(event.request.method, url.pathname);
  event.respondWith(overridden ?? Promise.resolve(app.fetch(event.request)));
});
scope.addEventListener('message', (event) => {
  const message = event.data as OverrideMessage;
  if (message?.type === 'sdwebui-mock:override') overrides.add(message.override);
  else if (message?.type === 'sdwebui-mock:reset') overrides.reset();
  else return;
  event.ports[0]?.postMessage('ok');
});
