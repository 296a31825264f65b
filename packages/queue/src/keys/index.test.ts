import { describe, expect, it } from 'vitest';
import { ANY_LANE, checkJobId, laneFor, queueKeys } from './index.js';

describe('keys', () => {
  it('puts jobs without a model in the any-lane and others in one lane per model, case-insensitively', () => {
    expect(laneFor(undefined)).toBe(ANY_LANE);
    expect(laneFor('  ')).toBe(ANY_LANE);
    expect(laneFor('v1-5-pruned-emaonly')).toBe(laneFor(' V1-5-Pruned-EmaOnly '));
    expect(laneFor('a')).not.toBe(laneFor('b'));
    expect(laneFor('../../etc/passwd:*')).toMatch(/^m-[0-9a-f]{16}$/);
  });

  it('refuses queue names and job ids that would escape their keys', () => {
    expect(() => queueKeys('a:b')).toThrow(/queue name/);
    expect(() => queueKeys('')).toThrow(/queue name/);
    expect(queueKeys('farm').laneQueue('any')).toBe('farm.any');
    expect(() => checkJobId('../x')).toThrow(/not a job id/);
    expect(checkJobId('j-1')).toBe('j-1');
  });
});
