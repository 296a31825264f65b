import type { Context } from 'hono';
import {
  pyJsonResponse,
  RequestValidationError,
  StarletteHttpException,
  WebuiException,
} from '../../fastapi/errors/index.js';
import { OutOfRangeFloatError } from '../../fastapi/python-json/index.js';
import { rangeErrorBody } from './range-error.js';

/**
 * FastAPI's handlers and the webui's, as one: validation errors are FastAPI's 422; the
 * router's and body reader's Starlette exceptions FastAPI's `{"detail"}` with their headers;
 * everything else goes through the webui's `{error, detail, body, errors}` handler.
 */
export function exceptionResponse(error: Error, c: Context): Response {
  if (error instanceof RequestValidationError) return pyJsonResponse(c, error.body(), 422);
  if (error instanceof WebuiException) return pyJsonResponse(c, error.body(), error.status);
  if (error instanceof StarletteHttpException) {
    const response = pyJsonResponse(c, error.body(), error.status);
    for (const [name, value] of Object.entries(error.headers)) response.headers.set(name, value);
    return response;
  }
  // Starlette's JSONResponse refuses NaN and infinity; the webui's handler turns that into a 500.
  if (error instanceof OutOfRangeFloatError) {
    return pyJsonResponse(c, { error: 'ValueError', detail: '', body: '', errors: error.message }, 500);
  }
  if (error instanceof RangeError) return pyJsonResponse(c, rangeErrorBody(error), 500);
  return pyJsonResponse(c, { error: error.name || 'Exception', detail: '', body: '', errors: error.message }, 500);
}
