import { serve, type ServerType } from '@hono/node-server';
import type { Hono } from 'hono';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { createMockApp, type MockAppOptions, type RecordedRequest } from '../app/index.js';
import { loadCassettes, removeStaleTemps } from '../../recording/cassettes/index.js';
import type { WebuiContext } from '../../webui/generation/context.js';
import type { SdnextContext } from '../../webui/sdnext/context.js';
import { createRecorder, type RecorderOptions } from '../../recording/recorder/index.js';

export interface ListenOptions {
  /** Port to listen on; 0 (the default) picks a free one, see `url`. */
  port?: number;
  /** Interface to bind. Loopback by default: a mock has no business on the network. */
  host?: string;
}

export interface MockServerOptions extends Omit<MockAppOptions, 'requests' | 'cassettes'>, ListenOptions {
  /** A folder of cassettes to replay, or `'builtin'` for the ones made from real recordings. */
  recordings?: string;
  /** Keep `requests` (default true; the CLI turns it off: nobody reads it there). */
  logRequests?: boolean;
}

export interface MockServer<Webui = WebuiContext> {
  /** Base URL clients should use, e.g. `http://127.0.0.1:41234`. */
  url: string;
  port: number;
  /** Requests received so far, oldest first. */
  requests: RecordedRequest[];
  /** The emulated webui: options, job state, task registry (for assertions); SD.Next's own for `sdnext`. */
  state: Webui;
  /** Stops the server: open connections are closed and the port is released. */
  close(): Promise<void>;
}

/** The folder of default cassettes bundled with the package (made from real recordings). */
export const BUILTIN_CASSETTES = fileURLToPath(new URL('../../../data/cassettes/', import.meta.url));

async function listen(app: Hono, options: ListenOptions): Promise<{ server: ServerType; url: string; port: number }> {
  const host = options.host ?? '127.0.0.1';
  const server = await new Promise<ServerType>((resolve, reject) => {
    const started = serve({ fetch: app.fetch, port: options.port ?? 0, hostname: host }, () => resolve(started));
    started.once('error', reject);
  });
  const { port } = server.address() as AddressInfo;
  return { server, port, url: `http://${host.includes(':') ? `[${host}]` : host}:${port}` };
}

function closer(server: ServerType): () => Promise<void> {
  return () =>
    new Promise<void>((resolve, reject) => {
      if ('closeAllConnections' in server) server.closeAllConnections();
      server.close((error) => (error ? reject(error) : resolve()));
    });
}

/**
 * Starts the mock webui on a real socket (for CLIs, browsers, other processes and test suites). With a
 * literal `profile: 'sdnext'` its `state` is typed as SD.Next's context; with a profile known only at run
 * time it is typed as the A1111 family's, so check the profile before reading SD.Next's state.
 */
export function createMockServer(
  options: MockServerOptions & { profile: 'sdnext' },
): Promise<MockServer<SdnextContext>>;
export function createMockServer(options?: MockServerOptions): Promise<MockServer>;
export async function createMockServer(
  options: MockServerOptions = {},
): Promise<MockServer<WebuiContext | SdnextContext>> {
  const requests: RecordedRequest[] = [];
  const cassettes =
    options.recordings === undefined
      ? []
      : await loadCassettes(options.recordings === 'builtin' ? BUILTIN_CASSETTES : options.recordings);
  const { app, webui } = createMockApp({
    ...options,
    cassettes,
    ...(options.logRequests === false ? {} : { requests }),
  });
  const { server, url, port } = await listen(app, options);
  return { url, port, requests, state: webui, close: closer(server) };
}

export interface RecordingServer {
  url: string;
  port: number;
  /** Stops the proxy and releases its port. */
  close(): Promise<void>;
}

/** Starts the recording proxy (`sdwebui record`), first removing temporary files a killed recorder left in `outDir`. */
export async function createRecordingServer(options: RecorderOptions & ListenOptions): Promise<RecordingServer> {
  await removeStaleTemps(options.outDir);
  const { server, url, port } = await listen(createRecorder(options), options);
  return { url, port, close: closer(server) };
}
