import { describe, expect, it } from 'vitest';
import { samplerNames } from './lists.js';

describe('samplerNames', () => {
  it('accepts names, aliases and "sampler label" combinations in any case, and nothing else', () => {
    const list = samplerNames(
      [
        { name: 'DPM++ 2M', aliases: ['k_dpmpp_2m'] },
        { name: 'Euler a', aliases: null },
      ],
      ['Karras', 'Automatic'],
    );
    for (const name of ['DPM++ 2M', 'dpm++ 2m', 'K_DPMPP_2M', 'DPM++ 2M Karras', 'euler a automatic'])
      expect(list.accepts(name)).toBe(true);
    for (const name of ['DPM++', 'Karras', 'k_dpmpp_2m Karras', 'Euler a Karras Karras', 'Euler aKarras', ''])
      expect(list.accepts(name)).toBe(false);
    expect(list.names).toEqual(['DPM++ 2M', 'Euler a']);
  });

  // A hostile server's 20,000 samplers and 20,000 scheduler labels (two 1 MB answers) made 400 M
  // strings: the process ran out of memory. Each sampler's name is now read a bounded number of times.
  it('never builds every sampler × label combination', () => {
    let reads = 0;
    const samplers = Array.from({ length: 500 }, (_, index) => ({
      get name() {
        reads++;
        return `Sampler ${index}`;
      },
      aliases: [],
    }));
    const list = samplerNames(
      samplers,
      Array.from({ length: 500 }, (_, index) => `Label ${index}`),
    );
    expect(list.accepts('sampler 499 label 499')).toBe(true);
    expect(list.accepts('Sampler 3 Label 500')).toBe(false);
    expect(reads).toBeLessThanOrEqual(2 * samplers.length);
  });
});
