const GENERATION = /\/sdapi\/v1\/(txt2img|img2img)$/;

/**
 * Called with the task id right before a generation request leaves; a rejection stops the
 * send. The headers it returns are added to the request (the job id, for tracing in logs).
 */
export type BeforeSend = (taskId: string) => Promise<Record<string, string>>;

/**
 * Wraps `fetch` so every generation POST first runs `beforeSend(force_task_id)`: the worker
 * records the dispatch in Redis before the backend can start it (write-ahead), which is what
 * lets a recovering worker look the task up instead of guessing. The SDK picks the task id
 * itself and offers no way to choose it, hence the hook at the `fetch` level.
 */
export function createSendHook(inner: typeof fetch): {
  fetch: typeof fetch;
  setBeforeSend(hook: BeforeSend | undefined): void;
} {
  let beforeSend: BeforeSend | undefined;
  const hooked: typeof fetch = async (input, init) => {
    const request = input instanceof Request ? input : undefined;
    const method = (request?.method ?? init?.method ?? 'GET').toUpperCase();
    const url = request?.url ?? String(input);
    if (method === 'POST' && GENERATION.test(new URL(url).pathname) && beforeSend) {
      const text = request ? await request.clone().text() : typeof init?.body === 'string' ? init.body : '';
      const taskId = (JSON.parse(text) as { force_task_id?: unknown }).force_task_id;
      if (typeof taskId !== 'string') throw new Error('generation request without force_task_id');
      const extra = await beforeSend(taskId);
      const headers = new Headers(request?.headers ?? init?.headers);
      for (const [name, value] of Object.entries(extra)) headers.set(name, value);
      return inner(url, { method, headers, body: text, signal: request?.signal ?? init?.signal ?? null });
    }
    return inner(input, init);
  };
  return {
    fetch: hooked,
    setBeforeSend(hook) {
      beforeSend = hook;
    },
  };
}
