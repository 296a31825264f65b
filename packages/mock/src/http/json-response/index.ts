import type { Context } from 'hono';
import { checkUtf8Encodable, fastapiJson } from '../../fastapi/python-json/index.js';
import { fastapiJsonYielding } from '../../fastapi/python-json/yielding.js';
import type { PyJson } from '../../webui/python/index.js';
import { send } from '../process-time/index.js';

/** Encoded bodies of frozen (never-changing) values: catalogue lists are sent thousands of times under load. */
const encodedFrozen = new WeakMap<object, Uint8Array>();

/**
 * Sends a JSON body serialized the way FastAPI does (compact, Python floats); `modelNulls`: a
 * pydantic 2 response model's (NaN and infinity as `null`). A lone surrogate fails as Starlette's
 * UTF-8 encoding does.
 */
export function pyJsonResponse(c: Context, value: PyJson, status = 200, modelNulls = false): Response {
  let bytes: Uint8Array | undefined;
  if (value !== null && typeof value === 'object' && Object.isFrozen(value)) {
    bytes = encodedFrozen.get(value);
    if (bytes === undefined) encodedFrozen.set(value, (bytes = Buffer.from(fastapiJson(value, modelNulls))));
  }
  if (bytes !== undefined) return send(c, bytes, status, { 'content-type': 'application/json' });
  const text = fastapiJson(value, modelNulls);
  checkUtf8Encodable(text);
  return send(c, text, status, { 'content-type': 'application/json' });
}

/** `pyJsonResponse` for answers that may echo a large string (a 422 carrying a broken body whole). */
export async function pyJsonResponseYielding(
  c: Context,
  value: PyJson,
  status: number,
  modelNulls = false,
): Promise<Response> {
  const body = await fastapiJsonYielding(value, modelNulls);
  if (typeof body === 'string') checkUtf8Encodable(body);
  return send(c, body, status, { 'content-type': 'application/json' });
}
