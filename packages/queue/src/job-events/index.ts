import type { QueueEvents } from 'bullmq';

/** The lane events a waiting `QueuedJob` cares about. */
export const JOB_EVENT_KINDS = ['completed', 'failed', 'removed', 'progress', 'active'] as const;
export type JobEventKind = (typeof JOB_EVENT_KINDS)[number];

/** What an event carries: `data` (progress), `returnvalue` (completed: the worker's stored result). */
export interface JobEventArgs {
  data?: unknown;
  returnvalue?: unknown;
}

type Handler = (kind: JobEventKind, args: JobEventArgs) => void;

/**
 * One listener per event kind on a lane's `QueueEvents`, handing each event to the waits of its
 * job only. A listener per waiting job (as before) made every event call every waiting job's
 * handler, and every removal scan the list: quadratic in the jobs in flight, which a producer
 * with thousands of jobs outstanding spent its CPU on.
 */
class JobEventHub {
  private readonly byJob = new Map<string, Set<Handler>>();

  constructor(events: QueueEvents) {
    for (const kind of JOB_EVENT_KINDS)
      events.on(kind, ((args: JobEventArgs & { jobId: string }) => {
        const handlers = this.byJob.get(args.jobId);
        if (handlers) for (const handler of [...handlers]) handler(kind, args);
      }) as never);
  }

  /** Calls `handler` for each event of job `id` until the returned function is called. */
  listen(id: string, handler: Handler): () => void {
    let handlers = this.byJob.get(id);
    if (!handlers) {
      handlers = new Set();
      this.byJob.set(id, handlers);
    }
    handlers.add(handler);
    return () => {
      handlers.delete(handler);
      if (handlers.size === 0 && this.byJob.get(id) === handlers) this.byJob.delete(id);
    };
  }
}

const hubs = new WeakMap<QueueEvents, JobEventHub>();

/** The hub of a lane's events (made on first use, one per `QueueEvents`). */
export function jobEvents(events: QueueEvents): JobEventHub {
  let hub = hubs.get(events);
  if (!hub) {
    hub = new JobEventHub(events);
    hubs.set(events, hub);
  }
  return hub;
}
