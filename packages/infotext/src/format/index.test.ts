import { describe, expect, it } from 'vitest';
import { formatInfotext, quoteInfotextValue } from './index.js';

describe('formatInfotext', () => {
  it('writes the webui layout and quotes values with , : or newlines', () => {
    expect(
      formatInfotext({
        prompt: 'puppy dog',
        params: { Steps: 5, Sampler: 'Euler', 'CFG scale': '7.0', 'Lora hashes': 'a: 1, b: 2', Version: 'v1.10.1' },
      }),
    ).toBe('puppy dog\nSteps: 5, Sampler: Euler, CFG scale: 7.0, Lora hashes: "a: 1, b: 2", Version: v1.10.1');
  });

  it('adds the negative prompt line only when there is one, and trims', () => {
    expect(formatInfotext({ prompt: '', negativePrompt: 'blurry', params: { Steps: 1 } })).toBe(
      'Negative prompt: blurry\nSteps: 1',
    );
    expect(formatInfotext({ prompt: 'x', negativePrompt: '' })).toBe('x');
  });

  it.each([
    ['plain', 'plain'],
    ['a, b', '"a, b"'],
    ['k: v', '"k: v"'],
    ['two\nlines', '"two\\nlines"'],
    ['héllo "q"', 'héllo "q"'],
  ])('quotes %j as %s', (value, expected) => {
    expect(quoteInfotextValue(value)).toBe(expected);
  });
});
