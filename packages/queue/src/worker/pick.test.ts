import { describe, expect, it } from 'vitest';
import { orderLanes } from './pick.js';

const policy = { affinity: true, maxAffinityWaitMs: 10_000, now: 100_000 };

describe('orderLanes', () => {
  it('prefers the loaded model, then jobs without a model, then the oldest other lane', () => {
    const heads = [
      { lane: 'm-b', priority: 1000, timestamp: 99_000, loaded: false },
      { lane: 'any', priority: 1000, timestamp: 99_500, loaded: false },
      { lane: 'm-a', priority: 1000, timestamp: 99_900, loaded: true },
    ];
    expect(orderLanes(heads, policy)).toEqual(['m-a', 'any', 'm-b']);
  });

  it('puts priority before affinity', () => {
    const heads = [
      { lane: 'm-a', priority: 1000, timestamp: 99_000, loaded: true },
      { lane: 'm-b', priority: 1, timestamp: 99_900, loaded: false },
    ];
    expect(orderLanes(heads, policy)).toEqual(['m-b', 'm-a']);
  });

  it('takes a job that waited too long even when another model is loaded', () => {
    const heads = [
      { lane: 'm-a', priority: 1000, timestamp: 99_900, loaded: true },
      { lane: 'm-b', priority: 1000, timestamp: 80_000, loaded: false },
    ];
    expect(orderLanes(heads, policy)).toEqual(['m-b', 'm-a']);
  });

  it('without affinity picks a random lane among equal priorities', () => {
    const heads = [
      { lane: 'm-a', priority: 1000, timestamp: 99_900, loaded: true },
      { lane: 'm-b', priority: 1000, timestamp: 99_000, loaded: false },
      { lane: 'm-c', priority: 1, timestamp: 99_950, loaded: false },
    ];
    const keys = [0.9, 0.1, 0.5];
    expect(orderLanes(heads, { ...policy, affinity: false, random: () => keys.shift() ?? Number.NaN })).toEqual([
      'm-c',
      'm-b',
      'm-a',
    ]);
  });
});
