import { describe, expect, it } from 'vitest';
import { takesPosition } from './index.js';

describe('takesPosition', () => {
  it('names the built-in scripts\' type="index" arguments by script (any case) and label', () => {
    expect(takesPosition('X/Y/Z plot', 'X type')).toBe(true);
    expect(takesPosition('x/y/z plot', 'Z type')).toBe(true);
    expect(takesPosition('SD upscale', 'Upscaler')).toBe(true);
    expect(takesPosition("Poor man's outpainting", 'Masked content')).toBe(true);
  });

  it('leaves every other argument as its value (labels are exact, names come from a server)', () => {
    expect(takesPosition('x/y/z plot', 'X values')).toBe(false);
    expect(takesPosition('x/y/z plot', 'x type')).toBe(false);
    expect(takesPosition('prompt matrix', 'Select prompt')).toBe(false);
    expect(takesPosition('x/y/z plot', null)).toBe(false);
    expect(takesPosition('__proto__', 'X type')).toBe(false);
    expect(takesPosition('constructor', 'constructor')).toBe(false);
  });
});
