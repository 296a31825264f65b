import { describe, expect, it } from 'vitest';
import { closeMatches, didYouMean } from './index.js';

const models = [
  'deliberate_v2.safetensors [15edd4519f]',
  'v1-5-pruned-emaonly.safetensors [6ce0161689]',
  'sd_xl_base_1.0.safetensors [31e35c80fc]',
];

describe('closeMatches', () => {
  it('finds names containing the query, then typos', () => {
    expect(closeMatches('deliberate', models)).toEqual(['deliberate_v2.safetensors [15edd4519f]']);
    expect(closeMatches('Eular', ['Euler', 'Euler a', 'DDIM'])).toEqual(['Euler', 'Euler a']);
    expect(closeMatches('nope', models)).toEqual([]);
  });

  it('phrases the hint', () => {
    expect(didYouMean('Eular', ['Euler', 'Euler a'])).toBe('; did you mean "Euler" or "Euler a"?');
    expect(didYouMean('zzz', ['Euler'])).toBe('');
  });
});
