import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QueueConfigError, QueueConnectionError } from '../errors/index.js';
import { startRedisServer, type RedisServer } from '../redis-server/index.js';
import { checkConnection } from './index.js';

let redis: RedisServer;
beforeAll(async () => {
  redis = await startRedisServer();
});
afterAll(async () => {
  await redis?.stop();
});

describe('checkConnection', () => {
  it('resolves when Redis answers PING', async () => {
    await expect(checkConnection(redis.url)).resolves.toBeUndefined();
  });

  it('fails at once, naming host and port but not the password, when nothing listens', async () => {
    // Port 1 on loopback: refused at once (nothing runs there as an unprivileged service).
    const error = await checkConnection('redis://:hunter22@127.0.0.1:1').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(QueueConnectionError);
    expect((error as Error).message).toMatch(/^cannot use Redis at 127\.0\.0\.1:1: .*ECONNREFUSED/);
    expect((error as Error).message).not.toContain('hunter22');
  });

  it('fails when Redis refuses the login, instead of retrying forever', async () => {
    const url = redis.url.replace('redis://', 'redis://bob:hunter22@');
    const error = await checkConnection(url).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(QueueConnectionError);
    expect((error as Error).message).toMatch(/WRONGPASS/);
    expect((error as Error).message).not.toContain('hunter22');
  });

  it('refuses Sentinel and Cluster options it cannot use, before connecting', async () => {
    const refused = async (connection: Parameters<typeof checkConnection>[0]) => {
      const error = await checkConnection(connection).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(QueueConfigError);
      return (error as Error).message;
    };
    expect(await refused({ sentinels: [], name: 'm' })).toBe('sentinels must be a non-empty list of { host, port }');
    expect(await refused({ sentinels: [{ host: '127.0.0.1', port: 26379 }] })).toMatch(/needs the name of its primary/);
    expect(await refused({ cluster: [{ host: '', port: 7000 }] })).toMatch(
      /^cluster: each node needs a host and a port/,
    );
    expect(await refused({ cluster: [{ host: 'h', port: 70_000 }] })).toMatch(/^cluster: each node/);
  });
});
