/**
 * Typed errors. Every message says what went wrong and what to do about it; the original
 * response body is kept for whoever needs more.
 */
export class SdwebuiError extends Error {
  override name = 'SdwebuiError';
}

/** One FastAPI validation issue: where (`["body", "steps"]`), what, and pydantic's type. */
export interface ValidationIssue {
  loc: Array<string | number>;
  msg: string;
  type: string;
}

/** The server answered with an error status. */
export class ApiError extends SdwebuiError {
  override name = 'ApiError';
  constructor(
    message: string,
    /** HTTP status. */
    readonly status: number,
    /** The parsed error body: the webui's `{error, detail, body, errors}`, FastAPI's `{detail}`, or text. */
    readonly body: unknown,
    /** `METHOD /path` of the request. */
    readonly operation: string,
  ) {
    super(message);
  }

  /** The webui's exception class (`HTTPException`, `RuntimeError`, `KeyError`…) when the body says. */
  get errorClass(): string | undefined {
    const error = (this.body as { error?: unknown } | null)?.error;
    return typeof error === 'string' ? error : undefined;
  }
}

/** 422 from FastAPI: the request did not match the schema. `issues` lists each problem. */
export class ValidationError extends ApiError {
  override name = 'ValidationError';
  constructor(
    readonly issues: ValidationIssue[],
    body: unknown,
    operation: string,
  ) {
    super(
      `${operation}: the webui rejected the request: ${issues.map((issue) => `${issue.loc.filter((part) => part !== 'body').join('.') || 'body'}: ${issue.msg}`).join('; ')}`,
      422,
      body,
      operation,
    );
  }
}

/** 401: the webui runs with `--api-auth` and the credentials are missing or wrong. */
export class AuthError extends ApiError {
  override name = 'AuthError';
}

/** 404: an unknown route (webui not started with `--api`, or too old), or an unknown sampler, model, image… */
export class NotFoundError extends ApiError {
  override name = 'NotFoundError';
}

/** No complete answer within the time allowed. The job may still be running on the server. */
export class TimeoutError extends SdwebuiError {
  override name = 'TimeoutError';
  constructor(
    readonly timeoutMs: number,
    readonly operation: string,
  ) {
    super(`${operation}: no answer within ${timeoutMs} ms. A generation keeps running on the server; call client.interrupt() to stop it, or raise timeoutMs.`);
  }
}

/** The caller aborted (its `signal`, or `job.cancel()`). */
export class AbortError extends SdwebuiError {
  override name = 'AbortError';
}

/** The server could not be reached (refused, reset, DNS). */
export class ConnectionError extends SdwebuiError {
  override name = 'ConnectionError';
  constructor(
    readonly url: string,
    readonly code: string | undefined,
    options?: { cause?: unknown },
  ) {
    super(`cannot reach ${url}${code ? ` (${code})` : ''}: is the webui running, started with --api, at this address?`, options);
  }
}

function webuiDetail(body: unknown): string | undefined {
  if (body === null || typeof body !== 'object') return typeof body === 'string' && body !== '' ? body : undefined;
  const { detail, errors, error } = body as { detail?: unknown; errors?: unknown; error?: unknown };
  if (typeof detail === 'string' && detail !== '') return detail;
  if (typeof errors === 'string' && errors !== '') return typeof error === 'string' ? `${error}: ${errors}` : errors;
  return undefined;
}

/** The typed error for an error response. */
export function errorForResponse(status: number, body: unknown, operation: string, auth: boolean): ApiError {
  const detail = webuiDetail(body);
  const list = (body as { detail?: unknown } | null)?.detail;
  if (status === 422 && Array.isArray(list)) return new ValidationError(list as ValidationIssue[], body, operation);
  if (status === 401) {
    const advice = auth
      ? 'the webui rejected the credentials: check the auth option against its --api-auth'
      : 'the webui requires credentials (started with --api-auth): pass auth: "user:password" to createWebuiClient';
    return new AuthError(`${operation}: ${advice}`, status, body, operation);
  }
  if (status === 404) {
    const advice =
      detail === 'Not Found'
        ? 'no such route: is the webui started with --api, and does this webui version have it? (client.detect() tells)'
        : detail === 'Sampler not found'
          ? 'unknown sampler: pick a name from client.samplers()'
          : (detail ?? 'not found');
    return new NotFoundError(`${operation}: ${advice}`, status, body, operation);
  }
  return new ApiError(`${operation}: HTTP ${status}${detail ? `: ${detail}` : ''}`, status, body, operation);
}
