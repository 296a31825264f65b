import type { Context } from 'hono';
import { fastapiJson } from '../../fastapi/python-json/index.js';
import type { PyJson } from '../../webui/python/index.js';
import { send } from '../process-time/index.js';

/** Serialized bodies of frozen (never-changing) values: catalogue lists are sent thousands of times under load. */
const serializedFrozen = new WeakMap<object, string>();

/** Sends a JSON body serialized the way FastAPI does (compact, Python floats). */
export function pyJsonResponse(c: Context, value: PyJson, status = 200): Response {
  let text: string | undefined;
  if (value !== null && typeof value === 'object' && Object.isFrozen(value)) {
    text = serializedFrozen.get(value);
    if (text === undefined) serializedFrozen.set(value, (text = fastapiJson(value)));
  }
  return send(c, text ?? fastapiJson(value), status, { 'content-type': 'application/json' });
}
