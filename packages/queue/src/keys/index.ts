import { createHash } from 'node:crypto';
import { QueueConfigError } from '../errors/index.js';

const NAME = /^[A-Za-z0-9_-]{1,64}$/;

/** The lane of jobs that name no model: any backend serves them. */
export const ANY_LANE = 'any';

/**
 * Jobs are split into lanes, one BullMQ queue per requested model, so a free backend can
 * prefer work for the checkpoint it already has loaded (BullMQ workers cannot pick a job by
 * content). The lane key is derived from the model name, never the name itself, so it is
 * always a safe Redis key part.
 */
export function laneFor(model: string | undefined): string {
  if (model === undefined || model.trim() === '') return ANY_LANE;
  return `m-${createHash('sha256').update(model.trim().toLowerCase()).digest('hex').slice(0, 16)}`;
}

/** Every Redis key and channel one queue uses (BullMQ keeps its own under `bull:<lane queue>`). */
export interface QueueKeys {
  name: string;
  /** hash: lane → model name (`""` for the any-lane). */
  lanes: string;
  /** hash: job id → lane, so any process finds a job from its id alone. */
  index: string;
  /** hash: backend id → JSON status, written by the worker that owns the backend. */
  backends: string;
  /** sorted set: job id scored by completion time, for throughput. */
  completed: string;
  /** pub/sub channel: "a job was added" (wakes idle workers). */
  wake: string;
  /** pub/sub channel: cancel requests, payload = job id. */
  cancel: string;
  /** Key marking a job as cancelled (read by a worker that picks it up late). */
  cancelled(id: string): string;
  /** The BullMQ queue name of a lane. */
  laneQueue(lane: string): string;
  /** The hash BullMQ keeps a job in (its default `bull` prefix, which the queue never changes). */
  laneJob(lane: string, id: string): string;
}

export function queueKeys(name = 'sdwebui'): QueueKeys {
  if (!NAME.test(name))
    throw new QueueConfigError(`queue name must match ${NAME} (got ${JSON.stringify(name).slice(0, 80)})`);
  const base = `sdwebui-queue:${name}`;
  return {
    name,
    lanes: `${base}:lanes`,
    index: `${base}:index`,
    backends: `${base}:backends`,
    completed: `${base}:completed`,
    wake: `${base}:wake`,
    cancel: `${base}:cancel`,
    cancelled: (id) => `${base}:cancelled:${id}`,
    laneQueue: (lane) => `${name}.${lane}`,
    laneJob: (lane, id) => `bull:${name}.${lane}:${id}`,
  };
}

const JOB_ID = /^[A-Za-z0-9_-]{1,80}$/;

/** Job ids are ours (random or hashed keys); anything else read back is refused. */
export function checkJobId(id: string): string {
  if (!JOB_ID.test(id)) throw new QueueConfigError(`not a job id: ${JSON.stringify(String(id)).slice(0, 90)}`);
  return id;
}
