import { describe, expect, it } from 'vitest';
import { testMock } from '../../testing/test-mock.js';
import { parseApiAuth, readBasicCredentials } from './index.js';
import { pythonB64decode } from '../../fastapi/base64/index.js';

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

/** Issue #12 class 8: FastAPI 0.94's `HTTPBasic` and the webui's check behind it. */
describe("class 8: HTTP Basic like FastAPI's HTTPBasic", () => {
  const { call } = testMock({ apiAuth: 'alice:wonder:land,bob:builder' });
  const INVALID = '{"error":"HTTPException","detail":"Invalid authentication credentials","body":"","errors":""}';

  it("a Basic value not base64, without a colon or not ASCII gets FastAPI's invalid-credentials 401", async () => {
    for (const value of [
      'Basic !!!',
      'Basic',
      `Basic ${Buffer.from('bob').toString('base64')}`,
      'Basic YWJj',
      `Basic ${Buffer.from('bøb:x').toString('base64')}`,
    ]) {
      const reply = await call('GET', '/sdapi/v1/samplers', undefined, { authorization: value });
      expect(reply, value).toMatchObject({ status: 401, text: INVALID });
    }
    // Another scheme, or none at all, is "Not authenticated".
    for (const value of ['Bearer abc', 'basically']) {
      expect((await call('GET', '/sdapi/v1/samplers', undefined, { authorization: value })).json.detail, value).toBe(
        'Not authenticated',
      );
    }
  });

  it("base64 is decoded as Python's b64decode: non-alphabet characters dropped, padding ends it", async () => {
    const clean = Buffer.from('bob:builder').toString('base64');
    const noisy = `${clean.slice(0, 4)}*#\u00e9${clean.slice(4)}`.replace('\u00e9', '.');
    expect((await call('GET', '/sdapi/v1/samplers', undefined, { authorization: `Basic ${noisy}` })).status).toBe(200);
    expect(
      (await call('GET', '/sdapi/v1/samplers', undefined, { authorization: `bAsIc ${clean}==garbage` })).status,
    ).toBe(200);
  });

  it('pythonB64decode mirrors binascii (non-strict)', () => {
    expect(Buffer.from(pythonB64decode('YW Jj\nZA==')).toString()).toBe('abcd');
    expect(Buffer.from(pythonB64decode('YWJjZA=x=')).toString()).toBe('abcd\x0c');
    expect(Buffer.from(pythonB64decode('=YWJj')).toString()).toBe('abc');
    expect(() => pythonB64decode('YWJjZ')).toThrow(
      'number of data characters (5) cannot be 1 more than a multiple of 4',
    );
    expect(() => pythonB64decode('YWJjZA')).toThrow(/Incorrect padding/);
    expect(() => pythonB64decode('YWJj\u00e9')).toThrow(/ASCII/);
    expect(readBasicCredentials(`Basic ${Buffer.from('a:b:c').toString('base64')}`)).toEqual({
      username: 'a',
      password: 'b:c',
    });
  });

  it('/sdapi/v1/cmd-flags reports api_auth as the server was started', async () => {
    const auth = { authorization: `Basic ${Buffer.from('bob:builder').toString('base64')}` };
    expect((await call('GET', '/sdapi/v1/cmd-flags', undefined, auth)).json.api_auth).toBe(
      'alice:wonder:land,bob:builder',
    );
    expect((await testMock().call('GET', '/sdapi/v1/cmd-flags')).json.api_auth).toBeNull();
  });
});
