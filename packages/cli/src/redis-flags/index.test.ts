import { describe, expect, it } from 'vitest';
import { UsageError } from '../errors.js';
import { hostAndPort, redisConnection, replicaWait } from './index.js';

describe('redis flags', () => {
  it('maps --redis, --sentinel with --sentinel-name, and --cluster to the queue connection', () => {
    expect(redisConnection({ redis: 'redis://127.0.0.1:6379' }, {})).toBe('redis://127.0.0.1:6379');
    expect(redisConnection({}, { REDIS_URL: 'rediss://h:6380' })).toBe('rediss://h:6380');
    expect(
      redisConnection(
        { sentinel: ['10.0.0.5:26379', '[::1]:26380'], sentinelName: 'mymaster' },
        { REDIS_PASSWORD: 'pw' },
      ),
    ).toEqual({
      sentinels: [
        { host: '10.0.0.5', port: 26379 },
        { host: '::1', port: 26380 },
      ],
      name: 'mymaster',
      password: 'pw',
    });
    // The flags win over REDIS_URL.
    expect(redisConnection({ cluster: ['node-1:7000', 'node-2:7000'] }, { REDIS_URL: 'redis://x:1' })).toEqual({
      cluster: [
        { host: 'node-1', port: 7000 },
        { host: 'node-2', port: 7000 },
      ],
      redisOptions: {},
    });
  });

  it('refuses two ways at once, a sentinel without its name, and bad addresses, as usage errors', () => {
    const refused = (flags: Parameters<typeof redisConnection>[0]) => {
      try {
        redisConnection(flags, {});
      } catch (error) {
        expect(error).toBeInstanceOf(UsageError);
        return (error as Error).message;
      }
      throw new Error('accepted');
    };
    expect(refused({ redis: 'redis://h:1', cluster: ['h:2'] })).toBe(
      '--redis and --cluster name Redis twice: give one of --redis, --sentinel or --cluster',
    );
    expect(refused({ sentinel: ['h:1'], cluster: ['h:2'], sentinelName: 'm' })).toMatch(/^--sentinel and --cluster/);
    expect(refused({ sentinel: ['h:26379'] })).toMatch(/^--sentinel needs --sentinel-name/);
    expect(refused({ sentinelName: 'm' })).toBe('--sentinel-name goes with --sentinel HOST:PORT');
    expect(refused({ sentinel: ['h:1'], sentinelName: 'a b' })).toMatch(/^--sentinel-name must be/);
    expect(refused({})).toMatch(/^--redis <url> \(or REDIS_URL\) is required/);
    expect(() => replicaWait({ cluster: ['h:1'], waitReplicas: 1 })).toThrow(/^--wait-replicas works with one primary/);
    expect(replicaWait({ sentinel: ['h:1'], waitReplicas: 2 })).toEqual({ waitForReplicas: { replicas: 2 } });
    expect(replicaWait({})).toEqual({});
    for (const bad of ['h', 'h:0', 'h:65536', ':1', 'a b:1', 'h:1:2', '[zz]:1', 'h:1x'])
      expect(() => hostAndPort(bad, '--cluster'), bad).toThrow(/^--cluster must be HOST:PORT/);
  });
});
