import { describe, expect, it } from 'vitest';
import { closestNames } from './index.js';

const samplers = ['Euler', 'Euler a', 'DPM++ 2M', 'DPM++ 2M SDE', 'DDIM', 'LMS'];

describe('closestNames', () => {
  it('puts names containing the query first, then the nearest by edit distance, each spelling once', () => {
    expect(closestNames('euler', [...samplers, 'EULER'])).toEqual(['Euler', 'Euler a', 'LMS']);
    expect(closestNames('DPM++ 2m', samplers, { limit: 2 })).toEqual(['DPM++ 2M', 'DPM++ 2M SDE']);
  });

  it('keeps only plausible typos when asked, however many names exist', () => {
    expect(closestNames('Eular', samplers, { plausibleOnly: true })).toEqual(['Euler', 'Euler a']);
    expect(closestNames('completely different', samplers, { plausibleOnly: true })).toEqual([]);
    expect(closestNames('completely different', samplers)).toHaveLength(3);
  });
});
