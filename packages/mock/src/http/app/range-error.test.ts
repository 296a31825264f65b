import { describe, expect, it } from 'vitest';
import { rangeErrorBody } from './range-error.js';

const caught = (work: () => unknown): RangeError => {
  try {
    work();
  } catch (error) {
    return error as RangeError;
  }
  throw new Error('did not throw');
};

describe('RangeErrors are labelled by their real cause', () => {
  it('a stack overflow is a RecursionError', () => {
    const recurse = (n: number): number => recurse(n + 1) + 1;
    expect(rangeErrorBody(caught(() => recurse(0)))).toEqual({
      error: 'RecursionError',
      detail: '',
      body: '',
      errors: 'maximum recursion depth exceeded',
    });
  });

  it('a string or buffer too large is a MemoryError with the real message', () => {
    const tooLong = Object.assign(new RangeError('Cannot create a string longer than 0x1fffffe8 characters'), {
      code: 'ERR_STRING_TOO_LONG',
    });
    expect(rangeErrorBody(tooLong)).toMatchObject({ error: 'MemoryError', errors: tooLong.message });
    expect(rangeErrorBody(caught(() => 'x'.repeat(2 ** 30)))).toMatchObject({ error: 'MemoryError' });
  });

  it('anything else keeps its name: a negative size is not a recursion', () => {
    const negative = caught(() => Buffer.alloc(-5));
    expect(rangeErrorBody(negative)).toMatchObject({ error: 'RangeError', errors: negative.message });
  });
});
