import type { Middleware } from 'openapi-fetch';
import { ConnectionError, ResponseTooLargeError } from '../errors.js';
import { networkCode } from '../network-code/index.js';

/**
 * 256 MiB. A real txt2img batch of 8 incompressible 2048×2048 RGBA PNGs plus its grid is about
 * 9 × 16 MiB × 4/3 (base64) ≈ 192 MiB; the limit leaves room for that, and stays under V8's
 * longest string (~512 MiB), which `JSON.parse` of the body needs anyway.
 */
export const DEFAULT_MAX_RESPONSE_BYTES = 256 * 1024 * 1024;

/** What the limit needs of the request an answer is for. */
interface SentRequest {
  readonly url: string;
  readonly method: string;
  readonly signal: AbortSignal | null | undefined;
}

/** The body, cut off with `ResponseTooLargeError` as soon as more than `limitBytes` arrived. */
function limitedBody(response: Response, request: SentRequest, operation: string, limitBytes: number): Response {
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  let received = 0;
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      let chunk: ReadableStreamReadResult<Uint8Array>;
      try {
        chunk = await reader.read();
      } catch (error) {
        // An abort is the caller's doing; the call loop names it.
        const origin = new URL(request.url).origin;
        controller.error(
          request.signal?.aborted
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
}

/**
 * The answer, reading no more than `limitBytes` (decoded bytes, so a gzip bomb counts at its
 * real size): a declared `Content-Length` over the limit fails before reading, and a body that
 * keeps coming fails as soon as it passes the limit, closing the connection; a body broken off
 * mid-way becomes a `ConnectionError` of kind `connection-lost`. An uncompressed body whose
 * `Content-Length` is within the limit is returned as it is: fetch never reads past that length,
 * and re-streaming it would cost every small answer a stream and a `Response`.
 */
export function limitAnswer(
  response: Response,
  request: SentRequest,
  limitBytes: number,
): Response | Promise<Response> {
  if (response.body === null) return response;
  const declared = response.headers.get('content-length');
  const length = declared === null ? Number.NaN : Number(declared);
  // Returned as it is, not through a promise: most answers take this way, once per call.
  if (length <= limitBytes && !response.headers.has('content-encoding')) return response;
  const operation = `${request.method} ${new URL(request.url).pathname}`;
  if (length > limitBytes) return refuse(response.body, new ResponseTooLargeError(limitBytes, operation));
  return limitedBody(response, request, operation, limitBytes);
}

/** Drops a body unread (closing the connection) and fails with `error`. */
async function refuse(body: ReadableStream<Uint8Array>, error: Error): Promise<never> {
  await body.cancel().catch(() => undefined);
  throw error;
}

/**
 * `limitAnswer` as an openapi-fetch middleware, for `client.raw`: there it holds whatever `fetch`
 * a call brings (openapi-fetch takes one per call too), as middleware does.
 */
export function responseSizeLimit(limitBytes: number): Middleware {
  return {
    async onResponse({ request, response }) {
      const limited = await limitAnswer(response, request, limitBytes);
      // Unchanged: say nothing. openapi-fetch checks a returned answer with `instanceof Response`,
      // which fails for fetch's own when a server library replaced the global (@hono/node-server).
      return limited === response ? undefined : limited;
    },
  };
}
