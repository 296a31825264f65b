import { describe, expect, it } from 'vitest';
import { redact, secretsIn, splitUrlCredentials } from './index.js';

describe('secretsIn + redact', () => {
  it('collects --auth, --api-auth, env and URL credentials, and hides them', () => {
    const secrets = secretsIn(
      [
        'node',
        'sdwebui',
        'models',
        '--auth',
        'me:hunter22',
        '--url=http://bob:s3cret!@gpu:7860',
        '--api-auth=a:longpass,b:otherpass',
      ],
      { SDWEBUI_AUTH: 'env:envpassword' },
    );
    const text =
      'me:hunter22 hunter22 http://bob:s3cret!@gpu:7860 s3cret! a:longpass otherpass env:envpassword envpassword';
    expect(redact(text, secrets)).toBe('*** *** http://***@gpu:7860 *** *** *** *** ***');
  });

  it('REDIS_URL credentials are secrets too: a Redis error may echo the password elsewhere', () => {
    const secrets = secretsIn(['queue', 'ls'], { REDIS_URL: 'redis://:hunter22@cache:6379' });
    expect(redact('WRONGPASS for hunter22', secrets)).toBe('WRONGPASS for ***');
  });

  it('survives malformed percent escapes', () => {
    expect(secretsIn(['--url', 'http://me:%zzpass@x'], {})).toContain('me:%zzpass');
  });

  it('a user name in a URL without a password is no secret (a prompt may hold ssh://git@host)', () => {
    expect(secretsIn(['txt2img', 'ssh://git@github.com'], {})).toEqual([]);
  });

  it('leaves a short password alone unless it comes with its user', () => {
    const secrets = secretsIn(['--auth', 'u:p'], {});
    expect(redact('u:p up', secrets)).toBe('*** up');
  });
});

describe('splitUrlCredentials', () => {
  it('moves credentials out of a URL', () => {
    expect(splitUrlCredentials('http://me:p%40ss@gpu:7860/', '--url')).toEqual({
      url: 'http://gpu:7860',
      auth: 'me:p@ss',
    });
    expect(splitUrlCredentials('http://127.0.0.1:7860', '--url')).toEqual({ url: 'http://127.0.0.1:7860' });
  });

  it('rejects what is not an http URL without echoing credentials', () => {
    expect(() => splitUrlCredentials('ftp://x', '--url')).toThrow('--url must be an http(s) URL, got ftp:');
    expect(() => splitUrlCredentials('nonsense', '--url')).toThrow(
      '--url must be an http(s) URL like http://127.0.0.1:7860, got "nonsense"',
    );
  });
});
