/**
 * Per-test answers of the browser mock: a route (method and path) answers a given status and JSON
 * body instead of the mock, once or until reset. Shared by the page API (which sends them) and the
 * Service Worker (which matches requests against them).
 */

/** One override as it crosses `postMessage`. */
export interface Override {
  method: string;
  /** The path without query, e.g. `/sdapi/v1/txt2img`. */
  path: string;
  status: number;
  body: unknown;
  /** Answer this many requests, then let the mock answer again; unlimited when absent. */
  times?: number;
}

/** Messages from the page to the Service Worker; each is acknowledged on the port it carries. */
export type OverrideMessage = { type: 'sdwebui-mock:override'; override: Override } | { type: 'sdwebui-mock:reset' };

/** The overrides the Service Worker holds, newest first. */
export class OverrideList {
  private readonly list: Override[] = [];

  add(override: Override): void {
    this.list.unshift({ ...override, method: override.method.toUpperCase() });
  }

  reset(): void {
    this.list.length = 0;
  }

  /** The answer for a request, when an override matches it (and counts it down). */
  answer(method: string, path: string): Response | undefined {
    const at = this.list.findIndex((override) => override.method === method && override.path === path);
    const override = this.list[at];
    if (override === undefined) return undefined;
    if (override.times !== undefined && --override.times <= 0) this.list.splice(at, 1);
    return new Response(JSON.stringify(override.body), {
      status: override.status,
      headers: { 'content-type': 'application/json' },
    });
  }
}
