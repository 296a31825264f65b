export interface ListenOptions {
  /** Port to listen on; 0 (the default) picks a free one, see `url`. */
  port?: number;
  /** Interface to bind. Loopback by default: a mock has no business on the network. */
  host?: string;
}

/** A server listening: its base URL and port, and how to stop it. */
export interface Listening {
  url: string;
  port: number;
  /** Stops the server and releases its port. */
  close(): Promise<void>;
}

/** Serves a fetch handler (a Hono app's `fetch`) with one runtime's own HTTP server. */
export type Listen = (
  fetch: (request: Request) => Response | Promise<Response>,
  options: ListenOptions,
) => Promise<Listening>;

/** `http://host:port`, with an IPv6 host in brackets. */
export function baseUrl(host: string, port: number): string {
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
}

export const DEFAULT_HOST = '127.0.0.1';
