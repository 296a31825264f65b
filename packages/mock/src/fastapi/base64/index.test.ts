import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { pythonB64decode } from './index.js';

describe('pythonB64decode', () => {
  it('decodes canonical base64 natively to the same bytes as the character loop', () => {
    for (const size of [0, 1, 2, 3, 4, 5, 255, 4096]) {
      const bytes = randomBytes(size);
      const text = bytes.toString('base64');
      // A newline is outside the alphabet: Python drops it, and it sends the text through the loop.
      expect(pythonB64decode(text)).toEqual(new Uint8Array(bytes));
      expect(pythonB64decode(`${text}\n`)).toEqual(new Uint8Array(bytes));
    }
  });

  it('keeps Python’s errors for what is not canonical', () => {
    expect(() => pythonB64decode('abcde')).toThrow(/1 more than a multiple of 4/);
    expect(() => pythonB64decode('abc')).toThrow('Incorrect padding');
    expect(() => pythonB64decode('ab\u00e9=')).toThrow(/only ASCII/);
  });
});
