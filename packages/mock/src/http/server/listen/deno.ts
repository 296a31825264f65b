import { baseUrl, DEFAULT_HOST, type Listen } from './types.js';

/** The part of Deno's API used here (Deno's own types are not a dependency of this package). */
interface DenoRuntime {
  serve(
    options: { port: number; hostname: string; onListen(address: { port: number }): void },
    handler: (request: Request) => Response | Promise<Response>,
  ): { addr: { port: number }; shutdown(): Promise<void>; finished: Promise<void> };
}

/**
 * Deno's native server (`Deno.serve`, what Hono's Deno adapter uses). `close()` is Deno's graceful
 * shutdown: it stops accepting connections and waits for the requests in flight to be answered.
 */
export const listenDeno: Listen = async (fetch, options) => {
  const deno = (globalThis as { Deno?: DenoRuntime }).Deno;
  if (deno === undefined) throw new Error("@sdwebui/mock's Deno entry was loaded outside Deno");
  const host = options.host ?? DEFAULT_HOST;
  const server = deno.serve({ port: options.port ?? 0, hostname: host, onListen: () => {} }, fetch);
  return {
    url: baseUrl(host, server.addr.port),
    port: server.addr.port,
    close: () => server.shutdown(),
  };
};
