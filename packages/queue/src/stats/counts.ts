import type { RedisClient } from '../connection/index.js';
import type { QueueKeys } from '../keys/index.js';

/** Jobs of one lane by state, in the words the queue uses with people. */
export interface LaneCounts {
  lane: string;
  /** Waiting to start: BullMQ's `wait`, `paused` and `prioritized` together. */
  waiting: number;
  delayed: number;
  running: number;
  completed: number;
  failed: number;
}

/**
 * Counts every lane's jobs in one pipeline of plain reads (BullMQ keeps each state in one list or
 * sorted set): no BullMQ queue object, and with it no connection, per lane.
 */
export async function laneCounts(redis: RedisClient, keys: QueueKeys, lanes: string[]): Promise<LaneCounts[]> {
  if (lanes.length === 0) return [];
  const pipeline = redis.pipeline();
  for (const lane of lanes) {
    const key = (suffix: string) => keys.laneKey(lane, suffix);
    pipeline.llen(key('wait')).llen(key('paused')).zcard(key('prioritized')).zcard(key('delayed'));
    pipeline.llen(key('active')).zcard(key('completed')).zcard(key('failed'));
  }
  const replies = (await pipeline.exec()) ?? [];
  const value = (index: number) => {
    const [error, count] = replies[index] ?? [null, 0];
    if (error) throw error;
    return Number(count) || 0;
  };
  return lanes.map((lane, index) => {
    const at = index * 7;
    return {
      lane,
      waiting: value(at) + value(at + 1) + value(at + 2),
      delayed: value(at + 3),
      running: value(at + 4),
      completed: value(at + 5),
      failed: value(at + 6),
    };
  });
}
