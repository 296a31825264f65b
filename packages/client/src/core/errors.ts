/**
 * Typed errors. Every message says what went wrong and what to do about it; the original
 * response body is kept for whoever needs more. Messages never contain credentials: URLs in
 * them are the client's base URL with any user info removed.
 *
 * `kind` is stable and machine-readable, so a caller (the CLI) can phrase its own advice in
 * its own terms (its flags) instead of the SDK's (`createWebuiClient` options).
 */
export type ErrorKind =
  /** The client's options are wrong (`baseUrl` without a scheme, credentials twice). */
  | 'configuration'
  /** An image input could not be read (missing file, not an image). */
  | 'input'
  /** 422: the request did not match the schema. */
  | 'validation'
  /** 401 without credentials. */
  | 'auth-required'
  /** 401 with credentials the server refused. */
  | 'auth-rejected'
  /** 404 from the server: a route, sampler, image… */
  | 'not-found'
  /**
   * A name the server does not list, checked before sending: a model, VAE, sampler, scheduler, upscaler,
   * ControlNet preprocessor or model, ADetailer model, Forge module, or a setting (`NameKind`).
   */
  | 'unknown-name'
  /** 429: the server (SD.Next's rate limiter, a proxy) refused more requests for now. */
  | 'rate-limited'
  /** Any other error status. */
  | 'api'
  /** A redirect (3xx): never followed, the request went nowhere else. */
  | 'redirect'
  /** No complete answer within `timeoutMs`. */
  | 'timeout'
  /** The caller aborted (signal or `job.cancel()`). */
  | 'aborted'
  /** The server could not be reached at all (nothing was sent). */
  | 'unreachable'
  /** The connection broke after the server began to answer. */
  | 'connection-lost'
  /** The server answered 2xx, but not with the webui's JSON. */
  | 'bad-response'
  /** The answer is larger than `maxResponseBytes`. */
  | 'too-large'
  /** A `script_name` or `alwayson_scripts` key the server does not list (checked before sending). */
  | 'unknown-script'
  /** Script arguments the server's script-info rules out: too many, or a value not among the choices. */
  | 'script-args'
  /** The server's fork (Forge, reForge, SD.Next) does not support this call. */
  | 'unsupported';

/** Every error the SDK throws: `kind` says which (`instanceof` its subclasses works too). */
export class SdwebuiError extends Error {
  override name = 'SdwebuiError';
  readonly kind: ErrorKind;

  constructor(kind: ErrorKind, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.kind = kind;
  }
}

/** The client's options are wrong; nothing was sent. */
export class ConfigurationError extends SdwebuiError {
  override name = 'ConfigurationError';
  constructor(message: string) {
    super('configuration', message);
  }
}

/** An image input could not be read or is not an image. */
export class ImageInputError extends SdwebuiError {
  override name = 'ImageInputError';
  constructor(message: string, options?: { cause?: unknown }) {
    super('input', message, options);
  }
}

/**
 * One FastAPI validation issue: where (`["body", "steps"]`), what, and pydantic's type
 * (`type_error.integer` from pydantic 1: A1111, reForge; `int_parsing` from pydantic 2: Forge,
 * SD.Next, which also send the rejected `input` and, for some, a `ctx`).
 */
export interface ValidationIssue {
  loc: Array<string | number>;
  msg: string;
  type: string;
  /** pydantic 2: the value that was rejected. */
  input?: unknown;
  /** pydantic 2: the error's context (`{"error": …}` for invalid JSON, `{"le": 1}` for a bound). */
  ctx?: Record<string, unknown>;
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
    kind: ErrorKind = 'api',
  ) {
    super(kind, message);
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
    const where = (issue: ValidationIssue) => issue.loc.filter((part) => part !== 'body').join('.') || 'body';
    const shown = issues.slice(0, 10).map((issue) => `${where(issue)}: ${issue.msg}`);
    const list = shown.join('; ') + (issues.length > 10 ? `; and ${issues.length - 10} more` : '');
    super(`${operation}: the webui rejected the request: ${list}`, 422, body, operation, 'validation');
  }
}

/**
 * 401: the webui runs with `--api-auth` and the credentials are missing (`auth-required`) or
 * wrong (`auth-rejected`).
 */
export class AuthError extends ApiError {
  override name = 'AuthError';
}

/** The kinds of names the SDK checks against the server's lists before sending. */
export type NameKind =
  | 'model'
  | 'vae'
  | 'sampler'
  | 'scheduler'
  | 'upscaler'
  | 'hires-upscaler'
  /** A ControlNet unit's `module` (preprocessor). */
  | 'controlnet-module'
  /** A ControlNet unit's `model`. */
  | 'controlnet-model'
  /** An ADetailer tab's `ad_model`. */
  | 'adetailer-model'
  /** Forge's VAE and text-encoder files (`forge_additional_modules`, `hr_additional_modules`). */
  | 'module'
  /** A setting's key (`setOptions`, `override_settings`). */
  | 'option';

/**
 * 404: an unknown route (webui not started with `--api`, or too old), or an unknown sampler,
 * model, image… Also thrown before sending (`kind: 'unknown-name'`) for a name the server does
 * not list; `suggestions` then holds the closest names it does list, `nameKind` and
 * `unknownName` say which name it was.
 */
export class NotFoundError extends ApiError {
  override name = 'NotFoundError';
  constructor(
    message: string,
    status: number,
    body: unknown,
    operation: string,
    kind: ErrorKind = 'not-found',
    /** The closest known names, for an unknown name. */
    readonly suggestions: readonly string[] = [],
    /** For an unknown name: which list it is not in. */
    readonly nameKind?: NameKind,
    /** For an unknown name: the name as the request gave it. */
    readonly unknownName?: string,
  ) {
    super(message, status, body, operation, kind);
  }
}

/**
 * 429: the server limits how often a client may call (SD.Next's `server_rate_limit`, per client and
 * route, a generation counting 5; or a proxy). Idempotent calls are retried first (`retry`, bounded);
 * a generation is never re-sent. SD.Next counts a request after running it: a generation answered
 * 429 there was generated and its images dropped.
 */
export class RateLimitError extends ApiError {
  override name = 'RateLimitError';
  constructor(
    message: string,
    body: unknown,
    operation: string,
    /** The wait the server asked for (`Retry-After`, `retry-after-ms`), when it sent one; SD.Next sends none. */
    readonly retryAfterMs: number | undefined,
  ) {
    super(message, 429, body, operation, 'rate-limited');
  }
}

/** No complete answer within the time allowed. */
export class TimeoutError extends SdwebuiError {
  override name = 'TimeoutError';
  constructor(
    readonly timeoutMs: number,
    readonly operation: string,
    /** What became of the work on the server, and what to do. */
    advice: string,
  ) {
    super('timeout', `${operation}: no answer within ${timeoutMs} ms; ${advice}`);
  }
}

/** The caller aborted (its `signal`, or `job.cancel()`). */
export class AbortError extends SdwebuiError {
  override name = 'AbortError';
  constructor(message: string, options?: { cause?: unknown }) {
    super('aborted', message, options);
  }
}

/**
 * The network failed. `kind: 'unreachable'`: nothing answered (refused, DNS, reset before the
 * answer). `kind: 'connection-lost'`: the server began to answer and the connection broke;
 * the server was running, and a generation may have run.
 */
export class ConnectionError extends SdwebuiError {
  override name = 'ConnectionError';
  constructor(
    /** The base URL, without credentials. */
    readonly url: string,
    /** The network error code (`ECONNREFUSED`, `UND_ERR_SOCKET`…). */
    readonly code: string | undefined,
    options?: { cause?: unknown; operation?: string; lost?: boolean },
  ) {
    const where = `${options?.operation ? `${options.operation}: ` : ''}`;
    const detail = code ? ` (${code})` : '';
    super(
      options?.lost ? 'connection-lost' : 'unreachable',
      options?.lost
        ? `${where}the connection to ${url} broke while the answer was arriving${detail}; the server was reached, ` +
            'so the work may have been done there'
        : `${where}cannot reach ${url}${detail}: is the webui running, started with --api, at this address?`,
      options,
    );
  }
}

/**
 * The server answered 2xx, but the body is not what the webui sends (truncated or invalid JSON,
 * HTML from a proxy, an empty body, the wrong shape, invalid base64 images). The server was
 * reached; a generation may have run.
 */
export class BadResponseError extends SdwebuiError {
  override name = 'BadResponseError';
  constructor(
    readonly operation: string,
    readonly status: number,
    /** What is wrong with the body. */
    readonly problem: string,
    options?: { cause?: unknown },
  ) {
    super(
      'bad-response',
      `${operation}: HTTP ${status} but ${problem}. The server was reached, so the work may have been done; ` +
        'is this URL the webui itself (not a proxy or another app)?',
      options,
    );
  }
}

/** The answer grew past `maxResponseBytes`; the client stopped reading and closed the connection. */
export class ResponseTooLargeError extends SdwebuiError {
  override name = 'ResponseTooLargeError';
  constructor(
    readonly limitBytes: number,
    readonly operation: string,
  ) {
    super(
      'too-large',
      `${operation}: the answer is larger than maxResponseBytes (${limitBytes} bytes); ` +
        'raise maxResponseBytes for very large batches',
    );
  }
}

/**
 * A script the request names is not on the server (`unknown-script`), or its arguments do not fit
 * what the server's script-info describes (`script-args`). Thrown before sending; `available`
 * lists the scripts (or the choices) that exist.
 */
export class ScriptError extends SdwebuiError {
  override name = 'ScriptError';
  constructor(
    message: string,
    /** The script as the request names it. */
    readonly script: string,
    /** The scripts the server lists for this kind of generation, or the allowed choices of the argument. */
    readonly available: readonly string[],
    kind: 'unknown-script' | 'script-args',
  ) {
    super(kind, message);
  }
}

/** The server's fork does not support the call (e.g. a Forge-only field sent to A1111, SD.Next's own API). */
export class UnsupportedError extends SdwebuiError {
  override name = 'UnsupportedError';
  constructor(
    message: string,
    /** The fork, as `detect()` names it. */
    readonly fork: string,
  ) {
    super('unsupported', message);
  }
}
