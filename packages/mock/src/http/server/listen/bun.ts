import { baseUrl, DEFAULT_HOST, type Listen } from './types.js';

/** The part of Bun's API used here (Bun's own types are not a dependency of this package). */
interface BunRuntime {
  serve(options: {
    fetch(request: Request): Response | Promise<Response>;
    port: number;
    hostname: string;
    /** Seconds without a byte before Bun closes a connection; 0 = never (a txt2img may take minutes). */
    idleTimeout: number;
  }): { port: number; stop(closeActiveConnections?: boolean): Promise<void> | void };
}

/** Bun's native server (`Bun.serve`, what Hono's Bun adapter uses). Open connections are closed by `close()`. */
export const listenBun: Listen = async (fetch, options) => {
  const bun = (globalThis as { Bun?: BunRuntime }).Bun;
  if (bun === undefined) throw new Error("@sdwebui/mock's Bun entry was loaded outside Bun");
  const host = options.host ?? DEFAULT_HOST;
  const server = bun.serve({ fetch, port: options.port ?? 0, hostname: host, idleTimeout: 0 });
  return {
    url: baseUrl(host, server.port),
    port: server.port,
    close: async () => {
      await server.stop(true);
    },
  };
};
