import { expect } from 'vitest';
import { createSpecValidator } from '@sdwebui/validate';
import { createMockApp, type MockAppOptions } from '../http/app/index.js';
import type { A1111ProfileId } from '../webui/profiles/index.js';

export interface CallResult {
  status: number;
  text: string;
  // biome-ignore lint/suspicious/noExplicitAny: tests read fields of arbitrary response JSON without narrowing.
  json: any;
  headers: Headers;
}

/**
 * The mock in-process, with every JSON answer checked against the profile's normalized spec:
 * a test that gets a reply the spec does not allow fails, whatever it asserts itself.
 */
export function testMock(options: MockAppOptions & { profile?: A1111ProfileId } = {}) {
  const mock = createMockApp(options);
  const validator = createSpecValidator(mock.webui.spec as Parameters<typeof createSpecValidator>[0]);
  async function call(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<CallResult> {
    const init: RequestInit = { method, headers: { ...headers } };
    if (body !== undefined) {
      init.body = typeof body === 'string' || body instanceof Uint8Array ? (body as string) : JSON.stringify(body);
      (init.headers as Record<string, string>)['content-type'] ??= 'application/json';
    }
    const response = await mock.app.request(path, init);
    const text = await response.text();
    const isJson = (response.headers.get('content-type') ?? '').includes('application/json');
    const json = isJson && text !== '' ? JSON.parse(text) : undefined;
    const route = path.split('?')[0] as string;
    // 400, 405, 413 and 501 come from the framework, a proxy limit or the mock's strict mode, not from an operation.
    if (isJson && validator.matchPath(route) !== undefined && ![400, 405, 413, 501].includes(response.status)) {
      const result = validator.validateResponse(method, route, response.status, json);
      expect(result.errors, `${method} ${route} ${response.status} reply matches the spec`).toEqual([]);
    }
    return { status: response.status, text, json, headers: response.headers };
  }
  return { ...mock, call };
}

/** Polls until `condition` holds (the mock's jobs run on timers); fails after `timeoutMs`. */
export async function until(condition: () => boolean | Promise<boolean>, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}
