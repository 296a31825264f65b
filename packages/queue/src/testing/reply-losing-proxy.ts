/**
 * Test-only: a TCP proxy in front of a redis-server that loses one reply, as a Redis restart
 * can: the first command matching `matches` reaches Redis and runs, then the connection is
 * broken before its reply gets back. ioredis reconnects and sends the command again, so it runs
 * twice, which is what a restart does to a command Redis ran (and fsynced) but never answered.
 */
import { createServer, type Socket, connect } from 'node:net';
import type { AddressInfo } from 'node:net';

export interface ReplyLosingProxy {
  url: string;
  /** Resolves once a reply was lost. */
  lost: Promise<void>;
  close(): Promise<void>;
}

export async function startReplyLosingProxy(
  redisPort: number,
  matches: (command: string) => boolean,
): Promise<ReplyLosingProxy> {
  const sockets = new Set<Socket>();
  let triggered = false;
  let markLost: () => void = () => undefined;
  const lost = new Promise<void>((resolve) => (markLost = resolve));
  const server = createServer((client) => {
    const upstream = connect(redisPort, '127.0.0.1');
    sockets.add(client).add(upstream);
    let swallowing = false;
    let recent = '';
    client.on('data', (chunk: Buffer) => {
      upstream.write(chunk);
      if (triggered) return;
      recent = (recent + chunk.toString('latin1')).slice(-65_536);
      if (matches(recent)) {
        triggered = true;
        swallowing = true;
      }
    });
    upstream.on('data', (chunk: Buffer) => {
      if (!swallowing) return void client.write(chunk);
      // Redis answered: the command ran. The client never sees the answer.
      client.destroy();
      upstream.destroy();
      markLost();
    });
    const end = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('close', end).on('error', end);
    upstream.on('close', end).on('error', end);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `redis://127.0.0.1:${(server.address() as AddressInfo).port}`,
    lost,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
