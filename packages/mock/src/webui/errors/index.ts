import type { PyJson } from '../python/index.js';

/**
 * An error the webui's exception handler (`modules/api/api.py`) turns into `{error, detail, body, errors}`.
 * `HTTPException`s have `errors: ""`; other exceptions have `detail: ""` and their message in `errors`.
 */
export class WebuiException extends Error {
  constructor(
    readonly status: number,
    readonly errorClass: string,
    readonly detail: string,
    readonly errors: string,
  ) {
    super(detail || errors);
  }

  body(): PyJson {
    return { error: this.errorClass, detail: this.detail, body: '', errors: this.errors };
  }
}

/** `raise HTTPException(status_code=…, detail=…)` in the webui. */
export const httpException = (status: number, detail: string): WebuiException =>
  new WebuiException(status, 'HTTPException', detail, '');

/** Any other Python exception escaping a handler: always 500. */
export const pythonException = (errorClass: string, message: string): WebuiException =>
  new WebuiException(500, errorClass, '', message);
