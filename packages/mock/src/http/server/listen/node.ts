import { serve, type ServerType } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { baseUrl, DEFAULT_HOST, type Listen } from './types.js';

/**
 * Node's `http` server through @hono/node-server: the only listener that hands routes the socket
 * (`c.env.incoming`), which the `drop` faults and the recorder's client address use.
 */
export const listenNode: Listen = async (fetch, options) => {
  const host = options.host ?? DEFAULT_HOST;
  const server = await new Promise<ServerType>((resolve, reject) => {
    const started = serve({ fetch, port: options.port ?? 0, hostname: host }, () => resolve(started));
    started.once('error', reject);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: baseUrl(host, port),
    port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        if ('closeAllConnections' in server) server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
};
