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

  it("gives every key of a queue, ours and BullMQ's, one hash tag (one Redis Cluster slot)", () => {
    const keys = queueKeys('farm');
    const lane = laneFor('m', 'team-a');
    const all = [
      keys.lanes,
      keys.index,
      keys.backends,
      keys.completed,
      keys.cancelled('j-1'),
      keys.cancelledWaiting('k'),
      keys.cancelledRunning(''),
      keys.tenants,
      keys.tenantLimits,
      keys.fairShare,
      keys.runningSlots('k'),
      keys.admission(''),
      keys.files('j-1'),
      keys.laneJob(lane, 'j-1'),
      keys.laneKey(lane, 'wait'),
      `${keys.prefix}:${keys.laneQueue(lane)}:events`,
      `${keys.prefix}:${keys.webhookQueue}:wait`,
    ];
    // Redis Cluster hashes only the part between the first { and the next }.
    for (const key of all) expect(/^[^{]*\{([^}]*)\}/.exec(key)?.[1], key).toBe('sdwebui-queue:farm');
  });
});
