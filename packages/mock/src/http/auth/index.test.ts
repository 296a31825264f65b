import { describe, expect, it } from 'vitest';
import { testMock } from '../../test-support.js';
import { parseApiAuth } from './index.js';

const basic = (pair: string) => ({ authorization: `Basic ${Buffer.from(pair).toString('base64')}` });

describe('--api-auth', () => {
  const { call } = testMock({ apiAuth: 'alice:wonder:land,bob:builder' });

  it('answers 401 with the webui body and no WWW-Authenticate header', async () => {
    const missing = await call('GET', '/sdapi/v1/samplers');
    expect(missing.status).toBe(401);
    expect(missing.text).toBe('{"error":"HTTPException","detail":"Not authenticated","body":"","errors":""}');
    expect(missing.headers.get('www-authenticate')).toBeNull();
    const wrong = await call('GET', '/sdapi/v1/samplers', undefined, basic('bob:nope'));
    expect(wrong.json.detail).toBe('Incorrect username or password');
    expect((await call('GET', '/sdapi/v1/samplers', undefined, basic('mallory:builder'))).status).toBe(401);
  });

  it('accepts every configured user; passwords may contain colons', async () => {
    expect((await call('GET', '/sdapi/v1/samplers', undefined, basic('alice:wonder:land'))).status).toBe(200);
    expect((await call('GET', '/sdapi/v1/samplers', undefined, basic('bob:builder'))).status).toBe(200);
  });

  it('leaves unprotected what the webui leaves unprotected', async () => {
    for (const path of ['/sdapi/v1/loras', '/internal/ping', '/openapi.json', '/docs']) {
      expect((await call('GET', path)).status, path).toBe(200);
    }
    expect((await call('POST', '/sdapi/v1/refresh-loras')).status).toBe(200);
  });

  it('parses the flag', () => {
    expect(parseApiAuth('a:b,c:d:e')).toEqual([
      { username: 'a', password: 'b' },
      { username: 'c', password: 'd:e' },
    ]);
    expect(() => parseApiAuth('nopassword')).toThrow(/user:password/);
  });
});
