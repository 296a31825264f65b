import type { Context } from 'hono';
import { send } from '../../http/process-time/index.js';
import { fastapiJson, type PyJson } from '../python-json/index.js';

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

/**
 * An error the webui's exception handler turns into `{error, detail, body, errors}`.
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

/**
 * Starlette's own `HTTPException`, answered by FastAPI's default handler as `{"detail": …}`
 * (the webui's handler only catches FastAPI's subclass): routing's 404 and 405, and the 400
 * for a body that cannot be read. Its headers (`Allow`) are kept.
 */
export class StarletteHttpException extends Error {
  constructor(
    readonly status: number,
    readonly detail: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(detail);
  }

  body(): PyJson {
    return { detail: this.detail };
  }
}

/** One entry of FastAPI's 422 `detail` list, in pydantic v1's shape. */
export interface ValidationIssue {
  loc: Array<string | number>;
  msg: string;
  type: string;
  ctx?: Record<string, PyJson>;
}

/** FastAPI's `RequestValidationError`: 422 `{"detail": [...]}`, answered by FastAPI itself (not the webui handler). */
export class RequestValidationError extends Error {
  constructor(readonly issues: ValidationIssue[]) {
    super(issues.map((issue) => `${issue.loc.join('.')}: ${issue.msg}`).join('; '));
  }

  body(): PyJson {
    return { detail: this.issues.map(({ ctx, ...issue }) => (ctx ? { ...issue, ctx } : issue)) as PyJson };
  }
}
