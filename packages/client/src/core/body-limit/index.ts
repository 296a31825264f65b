import { ConnectionError, ResponseTooLargeError } from '../errors.js';
import { networkCode } from '../network-code/index.js';

/**
 * 256 MiB. A real txt2img batch of 8 incompressible 2048×2048 RGBA PNGs plus its grid is about
 * 9 × 16 MiB × 4/3 (base64) ≈ 192 MiB; the limit leaves room for that, and stays under V8's
 * longest string (~512 MiB), which `JSON.parse` of the body needs anyway.
 */
export const DEFAULT_MAX_RESPONSE_BYTES = 256 * 1024 * 1024;

function describe(input: RequestInfo | URL, init: RequestInit | undefined) {
  const request = input instanceof Request ? input : undefined;
  const url = new URL(request?.url ?? String(input));
  return {
    operation: `${(init?.method ?? request?.method ?? 'GET').toUpperCase()} ${url.pathname}`,
    origin: url.origin,
    signal: init?.signal ?? request?.signal ?? undefined,
  };
}

/**
 * Wraps a `fetch` so no answer is read past `limitBytes` (decoded bytes, so a gzip bomb counts
 * at its real size): a declared `Content-Length` over the limit fails before reading, and a
 * body that keeps coming fails as soon as it passes the limit, closing the connection. A body
 * broken off mid-way becomes a `ConnectionError` of kind `connection-lost`.
 */
export function limitResponseBodies(fetchImpl: typeof fetch, limitBytes: number): typeof fetch {
  return async (input, init) => {
    const response = await fetchImpl(input, init);
    const { operation, origin, signal } = describe(input, init);
    if (Number(response.headers.get('content-length')) > limitBytes) {
      await response.body?.cancel().catch(() => undefined);
      throw new ResponseTooLargeError(limitBytes, operation);
    }
    if (response.body === null) return response;
    const reader = response.body.getReader();
    let received = 0;
    const body = new ReadableStream<Uint8Array>({
      async pull(controller) {
        let chunk: ReadableStreamReadResult<Uint8Array>;
        try {
          chunk = await reader.read();
        } catch (error) {
          // An abort is the caller's doing; the call loop names it.
          controller.error(
            signal?.aborted
              ? error
              : new ConnectionError(origin, networkCode(error), { cause: error, operation, lost: true }),
          );
          return;
        }
        if (chunk.done) return controller.close();
        received += chunk.value.byteLength;
        if (received > limitBytes) {
          controller.error(new ResponseTooLargeError(limitBytes, operation));
          await reader.cancel().catch(() => undefined);
          return;
        }
        controller.enqueue(chunk.value);
      },
      cancel: (reason) => reader.cancel(reason),
    });
    return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
  };
}
