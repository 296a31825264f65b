import { describe, expect, it } from 'vitest';
import { decodeStandardBase64 } from './base64.js';

describe('decodeStandardBase64', () => {
  it('decodes padded base64 as the webui writes it, with 0, 1 or 2 padding characters', () => {
    for (const bytes of [[1, 2, 3], [1, 2], [1], [255, 254, 253, 252]]) {
      const text = Buffer.from(bytes).toString('base64');
      expect([...(decodeStandardBase64(text) ?? [])]).toEqual(bytes);
    }
  });

  it.each([
    ['empty', ''],
    ['truncated', 'AAECAw'],
    ['a character outside the alphabet', 'AAEC!wQF'],
    ['whitespace', 'AAEC AQF'],
    ['a line break', 'AAEC\nAQF'],
    ['an = inside', 'AA=CAwQF'],
    ['too much padding', 'AA=='.replace('AA', 'A=')],
    ['HTML', '<html></html>...'],
    ['non-ASCII', 'AAECéwQF'],
  ])('gives undefined for %s', (_, text) => {
    expect(decodeStandardBase64(text)).toBeUndefined();
  });
});
