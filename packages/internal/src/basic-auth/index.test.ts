import { describe, expect, it } from 'vitest';
import { basicAuthHeader } from './index.js';

describe('basicAuthHeader', () => {
  it('encodes ASCII credentials as RFC 7617 does', () => {
    // The RFC's own example.
    expect(basicAuthHeader('Aladdin:open sesame')).toBe('Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==');
  });

  it('encodes the UTF-8 bytes of non-ASCII credentials, where btoa alone would throw', () => {
    expect(() => btoa('u:pässwörd✓')).toThrow();
    const expected = `Basic ${Buffer.from('u:pässwörd✓', 'utf8').toString('base64')}`;
    expect(basicAuthHeader('u:pässwörd✓')).toBe(expected);
  });

  it('keeps every colon after the first in the password', () => {
    const decoded = Buffer.from(basicAuthHeader('user:a:b:').slice('Basic '.length), 'base64').toString('utf8');
    expect(decoded).toBe('user:a:b:');
  });

  it('encodes an empty string as an empty token', () => {
    expect(basicAuthHeader('')).toBe('Basic ');
  });
});

describe('the basic-auth subpath', () => {
  it('stays browser-safe: no Node import and no Buffer in what it ships', async () => {
    const { readFile } = await import('node:fs/promises');
    // The code without its comments (which may well mention Buffer).
    const text = await readFile(new URL('./index.ts', import.meta.url), 'utf8');
    const source = text.replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');
    expect(source).toContain('export function basicAuthHeader');
    expect(source).not.toMatch(/\bfrom\s+['"]|\bimport\s*\(|\brequire\s*\(/);
    expect(source).not.toMatch(/\bBuffer\b|\bprocess\b/);
  });
});
