import { serve, type ServerType } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { createMockApp, type MockAppOptions, type RecordedRequest } from '../app/index.js';

export interface MockServerOptions extends Omit<MockAppOptions, 'requests'> {
  /** Port to listen on; 0 (the default) picks a free one, see `url`. */
  port?: number;
  /** Interface to bind. Loopback by default: a mock has no business on the network. */
  host?: string;
}

export interface MockServer {
  /** Base URL clients should use, e.g. `http://127.0.0.1:41234`. */
  url: string;
  port: number;
  /** Requests received so far, oldest first. */
  requests: RecordedRequest[];
  close(): Promise<void>;
}

/** Starts the mock on a real socket (for CLIs, browsers and other processes). */
export async function createMockServer(options: MockServerOptions): Promise<MockServer> {
  const requests: RecordedRequest[] = [];
  const app = createMockApp({ ...options, requests });
  const host = options.host ?? '127.0.0.1';
  const server = await new Promise<ServerType>((resolve, reject) => {
    const started = serve({ fetch: app.fetch, port: options.port ?? 0, hostname: host }, () => resolve(started));
    started.once('error', reject);
  });
  const { port } = server.address() as AddressInfo;
  const urlHost = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${urlHost}:${port}`,
    port,
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        if ('closeAllConnections' in server) server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
