import type { Context, ErrorHandler } from 'hono';
import { pyJsonResponse, pyJsonResponseYielding } from '../json-response/index.js';
import { RequestValidationError, ResponseValidationError, StarletteHttpException } from '../../fastapi/errors/index.js';
import { WebuiException } from '../../webui/errors/index.js';
import { OutOfRangeFloatError } from '../../webui/python/json-dumps.js';
import type { PyJson } from '../../webui/python/index.js';
import type { Profile } from '../../webui/profiles/index.js';
import { rangeErrorBody } from './range-error.js';

type WebuiErrorBody = { error: string; detail: string; body: string; errors: string };

/**
 * FastAPI's handlers and the webui's, as one: validation errors are FastAPI's 422; the
 * router's and body reader's Starlette exceptions FastAPI's `{"detail"}` with their headers;
 * everything else goes through the webui's `{error, detail, body, errors}` handler, or on Forge
 * (whose webui handler is disabled) through FastAPI's and Forge's own (see `forgeError`).
 */
export function exceptionHandler(profile: Profile): ErrorHandler {
  const forge = profile.fork?.errorBodies === 'fastapi';
  const webuiError = (c: Context, body: WebuiErrorBody, status: number): Response =>
    forge ? forgeError(c, body, status) : pyJsonResponse(c, body, status);
  const handle: ErrorHandler = (error, c) => {
    // A 422 for broken JSON carries the whole body (`ctx.doc`): it may be tens of megabytes. An item
    // that cannot be rendered (a v2 `input` holding NaN or a lone surrogate) fails as JSONResponse's
    // ValueError or UnicodeEncodeError, which the app's handler answers as a 500.
    if (error instanceof RequestValidationError) {
      return pyJsonResponseYielding(c, error.body(), 422).catch((failure: Error) => handle(failure, c));
    }
    if (error instanceof WebuiException) return webuiError(c, error.body() as WebuiErrorBody, error.status);
    // pydantic 2 only (Forge): the app's handler shows the answer that failed its model as `body`.
    if (error instanceof ResponseValidationError) {
      return pyJsonResponse(c, { error: error.name, detail: '', body: error.content, message: error.message }, 500);
    }
    if (error instanceof StarletteHttpException) {
      const response = pyJsonResponse(c, error.body(), error.status);
      for (const [name, value] of Object.entries(error.headers)) response.headers.set(name, value);
      return response;
    }
    // Starlette's JSONResponse refuses NaN and infinity; the webui's handler turns that into a 500.
    if (error instanceof OutOfRangeFloatError) {
      return webuiError(c, { error: 'ValueError', detail: '', body: '', errors: error.message }, 500);
    }
    if (error instanceof RangeError) return webuiError(c, rangeErrorBody(error) as WebuiErrorBody, 500);
    return webuiError(c, { error: error.name || 'Exception', detail: '', body: '', errors: error.message }, 500);
  };
  return handle;
}

/**
 * Forge (EXTENSIONS.md §3.2): an `HTTPException` reaches FastAPI's default handler, `{"detail"}`
 * with its headers (a 401 says `WWW-Authenticate: Basic`); any other exception Forge's app-level
 * handler, `{error, detail: "", body: "", message}`.
 */
function forgeError(c: Context, body: WebuiErrorBody, status: number): Response {
  if (body.error === 'HTTPException') {
    const response = pyJsonResponse(c, { detail: body.detail }, status);
    if (status === 401) response.headers.set('www-authenticate', 'Basic');
    return response;
  }
  const forgeBody: PyJson = { error: body.error, detail: '', body: '', message: body.errors };
  return pyJsonResponse(c, forgeBody, status);
}
