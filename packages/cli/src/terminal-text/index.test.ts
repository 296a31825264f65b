import { describe, expect, it } from 'vitest';
import { printable } from './index.js';

describe('printable', () => {
  it('drops escape sequences but keeps lines and tabs', () => {
    expect(printable('a\u001b]0;pwned\u0007b\u001b[2Jc\td\ne\u009b')).toBe('a]0;pwnedb[2Jc\td\ne');
  });
});
