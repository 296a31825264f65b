import { createHash } from 'node:crypto';
import { printableLine } from '@sdwebui/internal/printable';
import { QueueConfigError } from '../errors/index.js';

const NAME = /^[A-Za-z0-9_-]{1,64}$/;

/** The lane of jobs that name no model: any backend serves them. */
export const ANY_LANE = 'any';

/** The tenant of jobs submitted without one. */
export const DEFAULT_TENANT = 'default';

const hashed = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 16);

/** Longest tenant name: it is shown (dashboard, `queue status`) and stored in every job. */
const MAX_TENANT_CHARS = 100;

/**
 * A tenant name as given, checked: 1–100 characters, no control characters, tabs or newlines, no
 * bidirectional overrides (it is shown on terminals and pages, where U+202E would make one tenant
 * read as another). It is a label, never a key part: keys use `tenantKey`.
 */
export function checkTenant(name: unknown): string {
  if (typeof name !== 'string' || name.length === 0 || name.length > MAX_TENANT_CHARS || printableLine(name) !== name)
    throw new QueueConfigError(
      `a tenant must be 1–${MAX_TENANT_CHARS} characters without control characters or bidirectional overrides (got ${JSON.stringify(String(name)).slice(0, 120)})`,
    );
  return name;
}

/**
 * The key part of a tenant: derived from the name (which is untrusted and may be anything
 * printable), never the name itself. The default tenant has the empty key, so the lanes of
 * jobs without a tenant keep their names.
 */
export function tenantKey(tenant: string | undefined): string {
  return tenant === undefined || tenant === DEFAULT_TENANT ? '' : hashed(checkTenant(tenant));
}

const TENANT_LANE = /^t-([0-9a-f]{16})-(.+)$/;

/** The tenant key of a lane (`''` for the default tenant's lanes). */
export function tenantOfLane(lane: string): string {
  return TENANT_LANE.exec(lane)?.[1] ?? '';
}

/** The model part of a lane: `any`, or `m-<hash>`. */
export function modelLaneOf(lane: string): string {
  return TENANT_LANE.exec(lane)?.[2] ?? lane;
}

/**
 * Jobs are split into lanes, one BullMQ queue per requested model, so a free backend can
 * prefer work for the checkpoint it already has loaded (BullMQ workers cannot pick a job by
 * content). The lane key is derived from the model name, never the name itself, so it is
 * always a safe Redis key part. Jobs of a tenant other than the default one have lanes of their
 * own (`t-<tenant hash>-<model lane>`), so a free backend can share itself between tenants.
 */
export function laneFor(model: string | undefined, tenant?: string): string {
  const modelLane = model === undefined || model.trim() === '' ? ANY_LANE : `m-${hashed(model.trim().toLowerCase())}`;
  const key = tenantKey(tenant);
  // One lane per tenant and model: BullMQ (without Pro's groups) cannot share one queue fairly.
  return key === '' ? modelLane : `t-${key}-${modelLane}`;
}

/**
 * Every Redis key and channel one queue uses. All keys, ours and BullMQ's, start with the hash tag
 * `{sdwebui-queue:<name>}`: on a Redis Cluster they all live in one slot, so BullMQ's Lua scripts (which
 * build keys from the prefix) and ours (a tenant's lanes, its running slots) never cross slots.
 */
export interface QueueKeys {
  name: string;
  /** The prefix BullMQ is given for every queue of this one (its default is `bull`). */
  prefix: string;
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
  /** sorted sets per tenant: its jobs cancelled while waiting (removed) and while running (failed), scored by time. */
  cancelledWaiting(tenantKey: string): string;
  cancelledRunning(tenantKey: string): string;
  /** hash: tenant key → tenant name, for display. */
  tenants: string;
  /** hash: tenant key → JSON limits (`weight`, `maxRunning`, `maxWaiting`), set by producers. */
  tenantLimits: string;
  /** hash: the fair-share bookkeeping (`v`: virtual time; tenant key → its pass). */
  fairShare: string;
  /** sorted set: the running slots a tenant holds (token scored by expiry), when it has `maxRunning`. */
  runningSlots(tenantKey: string): string;
  /** Short lock serialising a tenant's submissions while its waiting jobs are counted (`maxWaiting`). */
  admission(tenantKey: string): string;
  /** hash: file → bytes of one job's results and inputs, with `createRedisStore`. */
  files(jobId: string): string;
  /** string: a counter written before each `WAIT`, so the `WAIT` covers every write made before it. */
  replicationMarker: string;
  /** The BullMQ queue of webhook deliveries. */
  webhookQueue: string;
  /** The BullMQ queue name of a lane. */
  laneQueue(lane: string): string;
  /** The hash BullMQ keeps a job in (under `prefix`). */
  laneJob(lane: string, id: string): string;
  /** Any other key BullMQ keeps for a lane (`wait`, `prioritized`, `active`, `failed`…), for counting. */
  laneKey(lane: string, suffix: string): string;
}

export function queueKeys(name = 'sdwebui'): QueueKeys {
  if (!NAME.test(name))
    throw new QueueConfigError(`queue name must match ${NAME} (got ${JSON.stringify(name).slice(0, 80)})`);
  // The hash tag: Redis Cluster hashes only what is between the first { and the next }.
  const base = `{sdwebui-queue:${name}}`;
  const prefix = `${base}:bull`;
  return {
    name,
    prefix,
    lanes: `${base}:lanes`,
    index: `${base}:index`,
    backends: `${base}:backends`,
    completed: `${base}:completed`,
    wake: `${base}:wake`,
    cancel: `${base}:cancel`,
    cancelled: (id) => `${base}:cancelled:${id}`,
    cancelledWaiting: (key) => `${base}:cancelled-waiting:${key || 'default'}`,
    cancelledRunning: (key) => `${base}:cancelled-running:${key || 'default'}`,
    tenants: `${base}:tenants`,
    tenantLimits: `${base}:tenant-limits`,
    fairShare: `${base}:fair-share`,
    runningSlots: (key) => `${base}:running:${key || 'default'}`,
    admission: (key) => `${base}:admission:${key || 'default'}`,
    files: (jobId) => `${base}:files:${jobId}`,
    replicationMarker: `${base}:replication-marker`,
    webhookQueue: `${name}.webhooks`,
    laneQueue: (lane) => `${name}.${lane}`,
    laneJob: (lane, id) => `${prefix}:${name}.${lane}:${id}`,
    laneKey: (lane, suffix) => `${prefix}:${name}.${lane}:${suffix}`,
  };
}

const JOB_ID = /^[A-Za-z0-9_-]{1,80}$/;

/** Job ids are ours (random or hashed keys); anything else read back is refused. */
export function checkJobId(id: string): string {
  if (!JOB_ID.test(id)) throw new QueueConfigError(`not a job id: ${JSON.stringify(String(id)).slice(0, 90)}`);
  return id;
}
