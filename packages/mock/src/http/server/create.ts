import type { Hono } from 'hono';
import { createMockApp, type MockAppOptions, type RecordedRequest } from '../app/index.js';
import { loadCassettes, removeStaleTemps } from '../../recording/cassettes/index.js';
import type { WebuiContext } from '../../webui/generation/context.js';
import type { SdnextContext } from '../../webui/sdnext/context.js';
import { createRecorder, type RecorderOptions } from '../../recording/recorder/index.js';
import type { Listen, ListenOptions } from './listen/types.js';

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

export interface RecordingServer {
  url: string;
  port: number;
  /** Stops the proxy and releases its port. */
  close(): Promise<void>;
}

/** `createMockServer` as each entry exports it: typed by profile (see the Node entry's doc). */
export interface CreateMockServer {
  (options: MockServerOptions & { profile: 'sdnext' }): Promise<MockServer<SdnextContext>>;
  (options?: MockServerOptions): Promise<MockServer>;
}

/**
 * The servers on one runtime's listener: Node's (`@hono/node-server`), Bun's or Deno's native one. The
 * same app answers on each; `builtinCassettes` is where the package's default cassettes lie.
 */
export function serversOn(listen: Listen, builtinCassettes: string) {
  const serveApp = (app: Hono, options: ListenOptions) => listen(app.fetch, options);
  const createMockServer = (async (options: MockServerOptions = {}) => {
    const requests: RecordedRequest[] = [];
    const cassettes =
      options.recordings === undefined
        ? []
        : await loadCassettes(options.recordings === 'builtin' ? builtinCassettes : options.recordings);
    const { app, webui } = createMockApp({
      ...options,
      cassettes,
      ...(options.logRequests === false ? {} : { requests }),
    });
    const { url, port, close } = await serveApp(app, options);
    return { url, port, requests, state: webui as WebuiContext & SdnextContext, close };
  }) as CreateMockServer;
  /** Starts the recording proxy (`sdwebui record`), first removing temporary files a killed recorder left in `outDir`. */
  const createRecordingServer = async (options: RecorderOptions & ListenOptions): Promise<RecordingServer> => {
    await removeStaleTemps(options.outDir);
    return serveApp(createRecorder(options), options);
  };
  return { createMockServer, createRecordingServer };
}
