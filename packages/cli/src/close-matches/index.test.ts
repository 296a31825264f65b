import { describe, expect, it } from 'vitest';
import { didYouMean } from './index.js';

const models = [
  'deliberate_v2.safetensors [15edd4519f]',
  'v1-5-pruned-emaonly.safetensors [6ce0161689]',
  'sd_xl_base_1.0.safetensors [31e35c80fc]',
];

describe('didYouMean', () => {
  it('suggests names containing what was typed, then plausible typos, and nothing far off', () => {
    expect(didYouMean('deliberate', models)).toBe('; did you mean "deliberate_v2.safetensors [15edd4519f]"?');
    expect(didYouMean('Eular', ['Euler', 'Euler a', 'DDIM'])).toBe('; did you mean "Euler" or "Euler a"?');
    expect(didYouMean('nope', models)).toBe('');
    expect(didYouMean('zzz', ['Euler'])).toBe('');
  });

  it("cuts a server's long name to 80 characters (a 1 MB sampler name printed a 1 MB line)", () => {
    const long = `Euler ${'a'.repeat(1_000_000)}`;
    const line = didYouMean(`Euler ${'a'.repeat(120)}b`, [long, 'DDIM']);
    expect(line).toBe(`; did you mean "${long.slice(0, 80)}…"?`);
  });
});
