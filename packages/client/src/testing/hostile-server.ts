import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach } from 'vitest';

/**
 * Test-only: a hostile "webui" on a free loopback port, for what the mock never does (endless
 * bodies, broken JSON, HTML, wrong shapes, bad base64, sockets dropped mid-answer). Each route
 * is `METHOD /path` → a behaviour; anything else gets the webui's 404.
 */
export type Behaviour = (request: IncomingMessage, response: ServerResponse, server: HostileServer) => void;

export interface HostileServer {
  url: string;
  /** Requests received: method, path and headers. */
  requests: Array<{ method: string; path: string; headers: IncomingMessage['headers'] }>;
  /** Bytes written by `endless()` so far. */
  endlessBytes: number;
  /** Resolves when a client closed a connection `endless()` was writing to. */
  endlessClosed: Promise<void>;
  close(): Promise<void>;
}

/** A fixed answer. */
export const answer =
  (status: number, body: string, headers: Record<string, string> = { 'content-type': 'application/json' }): Behaviour =>
  (_request, response) => {
    response.writeHead(status, headers).end(body);
  };

/** JSON of a value. */
export const json = (value: unknown, status = 200, headers: Record<string, string> = {}): Behaviour =>
  answer(status, JSON.stringify(value), { 'content-type': 'application/json', ...headers });

/** 200 with headers, some of the body, then the socket is destroyed. */
export const dropMidBody: Behaviour = (_request, response) => {
  response.writeHead(200, { 'content-type': 'application/json' });
  response.write('{"images": ["iVBORw0KGgo');
  setTimeout(() => response.socket?.destroy(), 20);
};

/** 200 and a JSON body that never ends, written as fast as the client reads it. */
export const endless: Behaviour = (_request, response, server) => {
  const chunk = Buffer.alloc(64 * 1024, 'A');
  response.writeHead(200, { 'content-type': 'application/json' });
  response.write('{"images": ["');
  let open = true;
  const closed = () => {
    if (!open) return;
    open = false;
    (server as Internal).notifyClosed();
  };
  response.on('close', closed);
  const pump = () => {
    while (open) {
      server.endlessBytes += chunk.length;
      if (!response.write(chunk)) return void response.once('drain', pump);
    }
  };
  pump();
};

interface Internal extends HostileServer {
  notifyClosed(): void;
}

const servers: HostileServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

/** Starts a hostile server, closed after the current test. */
export async function hostileServer(routes: Record<string, Behaviour>): Promise<HostileServer> {
  let notify: () => void = () => undefined;
  const state: Internal = {
    url: '',
    requests: [],
    endlessBytes: 0,
    endlessClosed: new Promise<void>((resolve) => (notify = resolve)),
    notifyClosed: () => notify(),
    close: async () => {
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
  const http = createServer((request, response) => {
    const path = (request.url ?? '/').split('?')[0] as string;
    state.requests.push({ method: request.method ?? 'GET', path, headers: request.headers });
    request.resume();
    const behaviour = routes[`${request.method} ${path}`] ?? answer(404, '{"detail":"Not Found"}');
    behaviour(request, response, state);
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  state.url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  servers.push(state);
  return state;
}
