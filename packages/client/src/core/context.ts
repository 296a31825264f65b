import type { Client } from 'openapi-fetch';
import type { paths } from '../generated/a1111-1.10.js';
import type { RequestSettings } from './request.js';

/** What every resource module works from: the typed low-level client and the request policies. */
export interface ClientContext {
  raw: Client<paths>;
  settings: RequestSettings;
  /** Whether the server tracks `force_task_id` in `/internal/progress` (webui 1.8+). */
  taskIds: boolean;
  /** Whether `scheduler` is its own request field (1.9+); before, it is part of the sampler name. */
  schedulers: boolean;
}

/** Serializes async sections (sticky model switching), FIFO. */
export class Mutex {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(section: () => Promise<T>): Promise<T> {
    const result = this.tail.then(section, section);
    this.tail = result.catch(() => undefined);
    return result;
  }
}
