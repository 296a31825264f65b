import { describe, expect, it } from 'vitest';
import { ConfigurationError } from '../errors.js';
import { parseBaseUrl } from './index.js';

describe('parseBaseUrl', () => {
  it('takes user info out of the URL, decoded, and drops trailing slashes', () => {
    expect(parseBaseUrl('http://me:s%40cret@127.0.0.1:7860/')).toEqual({
      url: 'http://127.0.0.1:7860',
      credentials: { username: 'me', password: 's@cret' },
    });
    expect(parseBaseUrl('https://gpu.example/webui/')).toEqual({
      url: 'https://gpu.example/webui',
      credentials: undefined,
    });
  });

  it('refuses a URL without an http(s) scheme with a ConfigurationError that never repeats the input', () => {
    for (const bad of ['127.0.0.1:7860', 'me:secret@host:7860', 'localhost', 'ftp://host', '']) {
      const error = (() => {
        try {
          parseBaseUrl(bad);
        } catch (caught) {
          return caught;
        }
      })();
      expect(error, bad).toBeInstanceOf(ConfigurationError);
      expect((error as ConfigurationError).kind).toBe('configuration');
      expect((error as Error).message).not.toContain('secret');
    }
  });
});
