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

// A hostile server listed 1,000,000 names (the SDK's check took 43 s); a 1 MB name against ten of
// 1,000 characters took 150 s. The work is bounded now, whatever the list and the query.
describe('closestNames on hostile lists', () => {
  it('compares names in list order only until its budget is spent: a name after 100,000 others is not suggested', () => {
    const names = [...Array.from({ length: 100_000 }, (_, index) => `filler ${index}`), 'Euler a'];
    expect(closestNames('Euler', names, { plausibleOnly: true })).toEqual([]);
    expect(closestNames('Euler', names.slice(-1_000), { plausibleOnly: true })).toEqual(['Euler a']);
  });

  it('compares the first 128 characters of the query and of each name', () => {
    expect(closestNames(`${'x'.repeat(128)}Euler a`, ['Euler a'], { plausibleOnly: true })).toEqual([]);
    expect(closestNames(`${'x'.repeat(127)}E`, [`${'x'.repeat(127)}E${'y'.repeat(1_000_000)}`])).toHaveLength(1);
  });

  it('keeps the nearest of many in order, and each spelling once, without sorting the whole list', () => {
    const names = [...Array.from({ length: 5_000 }, (_, index) => `zz${index}`), 'Eulr', 'EULER A', 'Euler a', 'euler'];
    expect(closestNames('euler', names)).toEqual(['euler', 'EULER A', 'Eulr']);
  });
});
