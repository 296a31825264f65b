import { describe, expect, it } from 'vitest';
import { requestGuard } from './index.js';

const local = { address: '127.0.0.1', port: 7861 };
const status = (method: string, headers: Record<string, string>, end = local, allowed: string[] = []) =>
  requestGuard(allowed)(method, new Headers(headers), 'fallback.invalid', end)?.status ?? 'passed';

describe('requestGuard', () => {
  it('takes a Host that names this recorder at the port the request arrived at', () => {
    for (const host of ['localhost:7861', 'LOCALHOST:7861', '127.0.0.1:7861', '[::1]:7861']) {
      expect([host, status('GET', { host })]).toEqual([host, 'passed']);
    }
    // Bound to all interfaces: the address the client reached is this recorder too.
    expect(status('GET', { host: '192.168.1.5:7861' }, { address: '192.168.1.5', port: 7861 })).toBe('passed');
    expect(status('GET', { host: '192.168.1.5:7861' }, { address: '::ffff:192.168.1.5', port: 7861 })).toBe('passed');
    expect(status('GET', { host: '[fe80::1]:7861' }, { address: 'FE80::1', port: 7861 })).toBe('passed');
    expect(status('GET', { host: 'localhost' }, { address: '127.0.0.1', port: 80 })).toBe('passed');
    expect(status('GET', { host: 'studio.lan:7861' }, local, ['Studio.lan'])).toBe('passed');
  });

  it('refuses any other Host: other names, other ports, other addresses, malformed ones', () => {
    for (const host of [
      'attacker.example:7861',
      'localhost',
      'localhost:7862',
      'localhost.:7861',
      'user@localhost:7861',
      '127.0.0.2:7861',
      '192.168.1.5:7861',
      'localhost:7861/x',
      '',
    ]) {
      expect([host, status('GET', { host })]).toEqual([host, 403]);
    }
  });

  it('refuses what a page of another origin sends, and bodies it could send without a preflight', () => {
    const host = 'localhost:7861';
    expect(status('GET', { host, origin: 'http://localhost:7861' })).toBe('passed');
    expect(status('GET', { host, origin: 'http://localhost:7861/' })).toBe(403);
    expect(status('GET', { host, origin: 'https://localhost:7861' })).toBe(403);
    expect(status('GET', { host, 'sec-fetch-site': 'none' })).toBe('passed');
    expect(status('GET', { host, 'sec-fetch-site': 'cross-site' })).toBe(403);
    const body = { host, 'content-length': '2' };
    for (const type of ['application/json', 'application/vnd.api+json', 'Application/JSON; charset=utf-8']) {
      expect([type, status('POST', { ...body, 'content-type': type })]).toEqual([type, 'passed']);
    }
    for (const type of ['text/plain', 'text/json', 'application/jsonx', 'application/x-www-form-urlencoded']) {
      expect([type, status('PUT', { ...body, 'content-type': type })]).toEqual([type, 415]);
    }
    expect(status('POST', { host, 'transfer-encoding': 'chunked' })).toBe(415);
    expect(status('POST', { host, 'content-length': '0' })).toBe('passed');
  });
});
