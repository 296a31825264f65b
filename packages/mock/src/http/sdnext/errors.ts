import type { Context } from 'hono';
import { RequestValidationError, ResponseValidationError, StarletteHttpException } from '../../fastapi/errors/index.js';
import { fastapiJson } from '../../fastapi/python-json/index.js';
import { WebuiException } from '../../webui/errors/index.js';
import type { PyJson } from '../../webui/python/index.js';
import { OutOfRangeFloatError } from '../../webui/python/json-dumps.js';
import { RaisedEnvelope } from '../../webui/sdnext/reply.js';
import { rangeErrorBody } from '../app/range-error.js';
import { pyJsonResponse, pyJsonResponseYielding } from '../json-response/index.js';

/** Marks a response made for an exception that escaped to SD.Next's middleware (see `sdnextErrorHandler`). */
export const ESCAPED = 'sdwebui-sdnext-escaped';

/**
 * SD.Next's envelope (`middleware.handle_exception`): `{error, code, detail, body, errors}` in that order,
 * `errors` being `str(exception)` (`"<code>: <detail>"` for an HTTPException).
 */
export function envelope(error: string, code: number, detail: string, errors: string, body: PyJson = ''): PyJson {
  return { error, code, detail, body, errors };
}

/** A JSON response without `X-Process-Time`: built by the middleware itself, after its timing. */
export function untimedJson(body: PyJson, status: number): Response {
  return new Response(fastapiJson(body), { status, headers: { 'content-type': 'application/json' } });
}

/**
 * How SD.Next answers an exception. Inside the app (they pass back through `api_preprocess`, so they
 * carry `X-Process-Time` and count against the rate limit): request validation and Starlette's router
 * and body errors keep FastAPI's plain `{"detail"}`; an `HTTPException` gets the envelope. Anything else
 * escapes to `api_preprocess`, which answers the envelope itself: no `X-Process-Time`, no CORS
 * headers, not counted (marked `ESCAPED` on the context).
 */
export function sdnextErrorHandler(error: Error, c: Context): Response | Promise<Response> {
  // An item that cannot be rendered (a v2 `input` holding NaN or a lone surrogate) fails in JSONResponse,
  // and that exception escapes to the middleware.
  if (error instanceof RequestValidationError) {
    return pyJsonResponseYielding(c, error.body(), 422).catch((failure: Error) => sdnextErrorHandler(failure, c));
  }
  if (error instanceof StarletteHttpException) {
    const response = pyJsonResponse(c, error.body(), error.status);
    for (const [name, value] of Object.entries(error.headers)) response.headers.set(name, value);
    return response;
  }
  if (error instanceof WebuiException && error.errorClass === 'HTTPException') {
    const body = envelope('HTTPException', error.status, error.detail, `${error.status}: ${error.detail}`);
    return pyJsonResponse(c, body, error.status);
  }
  c.set(ESCAPED as never, true as never);
  if (error instanceof RaisedEnvelope) return untimedJson(error.body, 500);
  if (error instanceof ResponseValidationError) {
    return untimedJson(envelope(error.name, 500, '', error.message, error.content), 500);
  }
  if (error instanceof WebuiException) return untimedJson(envelope(error.errorClass, 500, '', error.errors), 500);
  if (error instanceof OutOfRangeFloatError) return untimedJson(envelope('ValueError', 500, '', error.message), 500);
  if (error instanceof RangeError) {
    const { error: name, errors } = rangeErrorBody(error) as { error: string; errors: string };
    return untimedJson(envelope(name, 500, '', errors), 500);
  }
  return untimedJson(envelope(error.name || 'Exception', 500, '', error.message), 500);
}
