import type { Context } from 'hono';
import { fastapiJson } from '../../fastapi/python-json/index.js';
import { fastapiJsonYielding } from '../../fastapi/python-json/yielding.js';
import type { PyJson } from '../../webui/python/index.js';
import { send } from '../process-time/index.js';

/** Encoded bodies of frozen (never-changing) values: catalogue lists are sent thousands of times under load. */
const encodedFrozen = new WeakMap<object, Uint8Array>();

/** Sends a JSON body serialized the way FastAPI does (compact, Python floats). */
export function pyJsonResponse(c: Context, value: PyJson, status = 200): Response {
  let bytes: Uint8Array | undefined;
  if (value !== null && typeof value === 'object' && Object.isFrozen(value)) {
    bytes = encodedFrozen.get(value);
    if (bytes === undefined) encodedFrozen.set(value, (bytes = Buffer.from(fastapiJson(value))));
  }
  return send(c, bytes ?? fastapiJson(value), status, { 'content-type': 'application/json' });
}

/** `pyJsonResponse` for answers that may echo a large string (a 422 carrying a broken body whole). */
export async function pyJsonResponseYielding(c: Context, value: PyJson, status: number): Promise<Response> {
  return send(c, await fastapiJsonYielding(value), status, { 'content-type': 'application/json' });
}
