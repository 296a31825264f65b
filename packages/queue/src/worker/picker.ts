import { randomUUID } from 'node:crypto';
import type { Queue } from 'bullmq';
import type { RedisClient } from '../connection/index.js';
import { tenantOfLane, type QueueKeys } from '../keys/index.js';
import { chargeTenant, orderTenants } from '../tenants/fair-share.js';
import { readTenantLimits, type TenantRule } from '../tenants/index.js';
import { acquireSlot, releaseSlot } from '../tenants/running-slots.js';
import type { Backend, Picked } from './backend.js';
import type { WorkerEvent } from './events.js';
import { orderLanes, type LaneHead, type PickPolicy } from './pick.js';

/** What choosing a job needs from the worker. */
export interface PickerHost {
  redis: RedisClient;
  keys: QueueKeys;
  policy: Omit<PickPolicy, 'now'>;
  /** How long a tenant's running slot is held without renewal (a dead worker's slot frees itself). */
  slotTtlMs: number;
  /** The BullMQ queue of a lane, to look at its first job. */
  peek(lane: string): Queue;
  /** Takes the first job of a lane for this backend (BullMQ's atomic move), or nothing. */
  take(backend: Backend, lane: string, model: string | undefined): Promise<Picked | undefined>;
  emit(event: WorkerEvent): void;
}

type Head = LaneHead & { model: string | undefined };

/**
 * Chooses the next job for a free backend: among the lanes it can serve, first the tenant whose
 * turn it is (fair share by weight, when several have work), then within that tenant by priority,
 * loaded model, no model, age (`orderLanes`). A tenant at its `maxRunning` is passed over.
 */
export class JobPicker {
  private laneCache: { at: number; lanes: Record<string, string> } | undefined;
  private limitsCache: { at: number; rules: Map<string, TenantRule> } | undefined;

  constructor(private readonly host: PickerHost) {}

  /** A wake naming a lane not seen yet: re-read the lanes at the next pick. */
  noticeLane(lane: string): void {
    if (this.laneCache && !(lane in this.laneCache.lanes)) this.laneCache = undefined;
  }

  /** The model of a lane as last read (`''` for jobs that name none), or undefined for a lane not known yet. */
  modelOf(lane: string): string | undefined {
    return this.laneCache?.lanes[lane];
  }

  async pick(backend: Backend): Promise<Picked | undefined> {
    const eligible: Array<[string, string | undefined]> = [];
    for (const [lane, model] of Object.entries(await this.knownLanes())) {
      const title = model ? backend.serves(model) : undefined;
      if (!model || title) eligible.push([lane, title]);
    }
    // One lane: nothing to choose, so no peeking (the common case, and the one overhead is measured on).
    const [only] = eligible;
    if (eligible.length === 1 && only) return this.takeFromTenant(backend, tenantOfLane(only[0]), [only], false);
    const heads = await this.heads(backend, eligible);
    // Passes move whenever the queue has several tenants' lanes, so one that has been alone for a while
    // is ahead of a newcomer, who then starts next (not after a tie lost on age).
    const contested = new Set(eligible.map(([lane]) => tenantOfLane(lane))).size > 1;
    const tenants =
      heads.size > 1
        ? orderTenants(
            [...heads].map(([key, lanes]) => ({ key, oldest: Math.min(...lanes.map((head) => head.timestamp)) })),
            await this.host.redis.hgetall(this.host.keys.fairShare),
          )
        : [...heads.keys()];
    const policy = { ...this.host.policy, now: Date.now() };
    for (const tenant of tenants) {
      const lanes = heads.get(tenant) ?? [];
      const order = orderLanes(lanes, policy).map((lane): [string, string | undefined] => [
        lane,
        lanes.find((head) => head.lane === lane)?.model,
      ]);
      const picked = await this.takeFromTenant(backend, tenant, order, contested);
      if (picked) return picked;
    }
    return undefined;
  }

  /**
   * The lanes (lane → model), re-read when their count changed, when a wake names a lane not seen
   * yet, and at least once a second. The count is read at every pick: the wake comes through
   * pub/sub, which a loaded worker may read after several picks, and a new tenant's first job must
   * not wait behind them (its lane is written before its job is added).
   */
  private async knownLanes(): Promise<Record<string, string>> {
    const count = await this.host.redis.hlen(this.host.keys.lanes);
    if (
      !this.laneCache ||
      Object.keys(this.laneCache.lanes).length !== count ||
      Date.now() - this.laneCache.at > 1_000
    ) {
      this.laneCache = { at: Date.now(), lanes: await this.host.redis.hgetall(this.host.keys.lanes) };
    }
    return this.laneCache.lanes;
  }

  /** Tenant limits (weights, `maxRunning`), re-read at most once a second. */
  private async tenantRule(key: string): Promise<TenantRule | undefined> {
    if (!this.limitsCache || Date.now() - this.limitsCache.at > 1_000) {
      this.limitsCache = { at: Date.now(), rules: await readTenantLimits(this.host.redis, this.host.keys) };
    }
    return this.limitsCache.rules.get(key);
  }

  /** The first waiting job of every eligible lane that has one, grouped by tenant key. */
  private async heads(backend: Backend, eligible: Array<[string, string | undefined]>): Promise<Map<string, Head[]>> {
    const heads = new Map<string, Head[]>();
    for (const [lane, title] of eligible) {
      const [head] = await this.host.peek(lane).getJobs(['prioritized', 'waiting'], 0, 0, true);
      if (!head) continue;
      const tenant = tenantOfLane(lane);
      heads.set(tenant, [
        ...(heads.get(tenant) ?? []),
        {
          lane,
          priority: head.opts.priority ?? 0,
          timestamp: head.timestamp,
          loaded: title !== undefined && title === backend.loaded,
          model: title,
        },
      ]);
    }
    return heads;
  }

  /** Takes the first job of these lanes of one tenant, within its `maxRunning`; charges its share when others compete. */
  private async takeFromTenant(
    backend: Backend,
    tenant: string,
    lanes: Array<[string, string | undefined]>,
    contested: boolean,
  ): Promise<Picked | undefined> {
    const { redis, keys } = this.host;
    const rule = await this.tenantRule(tenant);
    let slot: Picked['slot'];
    if (rule?.maxRunning !== undefined) {
      const token = `${backend.id}:${randomUUID()}`;
      slot = await acquireSlot(redis, keys.runningSlots(tenant), token, rule.maxRunning, this.host.slotTtlMs);
      if (!slot) return undefined;
    }
    for (const [lane, model] of lanes) {
      const picked = await this.host.take(backend, lane, model);
      if (!picked) continue;
      if (contested)
        await chargeTenant(redis, keys.fairShare, tenant, rule?.weight ?? 1).catch((error: Error) =>
          this.host.emit({ type: 'error', backend: backend.id, message: `fair share: ${error.message}` }),
        );
      return slot ? { ...picked, slot } : picked;
    }
    if (slot) await releaseSlot(redis, slot);
    return undefined;
  }
}
