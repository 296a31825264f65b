import { BadResponseError, ConnectionError, SdwebuiError } from '../errors.js';
import { MAX_JSON_DEPTH, nestsDeeper } from '../json-depth/index.js';
import { networkCode } from '../network-code/index.js';

/** Resolves on a later turn of the event loop (after timers and I/O waiting now): bounds work per turn. */
export const nextTurn = () => new Promise((resolve) => setTimeout(resolve, 0));

/** Characters of an answer above which its parse waits for the next turn of the event loop. */
const YIELD_ABOVE = 1024 * 1024;

/** What a 2xx body must look like: returns what is wrong with it, or undefined. */
export type ShapeCheck = (body: unknown) => string | undefined;

function parseBody(operation: string, response: Response, text: string, shape: ShapeCheck): unknown {
  // 204 No Content (SD.Next's interrupt, skip, refresh-*): no body, read as null, which only a call
  // that reads nothing accepts; any other empty 2xx answer is not the webui's.
  if (response.status === 204 && text === '') {
    const wrong = shape(null);
    if (wrong === undefined) return null;
    throw new BadResponseError(operation, 204, `the answer has no content: ${wrong}`);
  }
  if (text.trim() === '') throw new BadResponseError(operation, response.status, 'the body is empty');
  if (nestsDeeper(text, MAX_JSON_DEPTH))
    throw new BadResponseError(operation, response.status, `the body nests more than ${MAX_JSON_DEPTH} levels deep`);
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (error) {
    const type = response.headers.get('content-type') ?? 'no content type';
    const problem = /^\s*</.test(text)
      ? `the body is HTML or XML (${type}), not the webui's JSON`
      : `the body is not valid JSON (${type}; truncated or broken)`;
    throw new BadResponseError(operation, response.status, problem, { cause: error });
  }
  const wrong = shape(body);
  if (wrong !== undefined)
    throw new BadResponseError(operation, response.status, `the body has the wrong shape: ${wrong}`);
  return body;
}

/**
 * An error answer (4xx/5xx) as openapi-fetch may read it: openapi-fetch parses error bodies
 * itself, so one nested deeper than {@link MAX_JSON_DEPTH} is replaced before it can, by a short
 * note naming what was dropped (the status and headers stay). The error's `body` is then never a
 * value that overflows the stack of whatever prints it.
 */
export async function boundedErrorAnswer(response: Response): Promise<Response> {
  if (response.body === null) return response;
  const text = await response.text();
  const kept = nestsDeeper(text, MAX_JSON_DEPTH)
    ? `(an error body nested more than ${MAX_JSON_DEPTH} levels deep, ${text.length} characters, not parsed)`
    : text;
  return new Response(kept, { status: response.status, statusText: response.statusText, headers: response.headers });
}

/**
 * Reads and checks a 2xx body: JSON of the declared shape. A socket that breaks now broke after
 * the server began to answer: the work may have been done, which the error's kind
 * (`connection-lost`) says; an abort is left for the call loop to name.
 */
export async function readAnswer(
  response: Response,
  operation: string,
  baseUrl: string,
  shape: ShapeCheck,
  signal: AbortSignal | undefined,
): Promise<unknown> {
  let text: string;
  try {
    text = await response.text();
  } catch (error) {
    if (signal?.aborted || error instanceof SdwebuiError) throw error;
    throw new ConnectionError(baseUrl, networkCode(error), { cause: error, operation, lost: true });
  }
  // Decoding the bytes and parsing them each hold the event loop for a large answer: not both in one turn.
  if (text.length > YIELD_ABOVE) await nextTurn();
  return parseBody(operation, response, text, shape);
}
