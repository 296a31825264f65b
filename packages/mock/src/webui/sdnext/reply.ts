import type { PyJson } from '../python/index.js';

/**
 * A handler's own response with its status, where SD.Next returns a `Response`/`JSONResponse` rather
 * than a model: `204` with no body (`/interrupt`, `/skip`, `/lock-checkpoint`, …) or img2img's 400
 * `{"error": "Init image is none"}`. The middleware passes it through as it is.
 */
export class Reply {
  constructor(
    readonly status: number,
    /** Undefined: no body at all. */
    readonly body?: PyJson,
  ) {}
}

/** `Response(status_code=204)`. */
export const noContent = (): Reply => new Reply(204);

/**
 * An exception that escapes SD.Next's route to its middleware (not an `HTTPException`), whose envelope
 * is known from SD.Next's own run: answered as it is, a 500 without `X-Process-Time`, and not counted by
 * the rate limiter (`/schedulers`' ResponseValidationError, `/openapi.json`'s PydanticInvalidForJsonSchema).
 */
export class RaisedEnvelope extends Error {
  constructor(readonly body: PyJson) {
    super('raised to the middleware');
  }
}
