import { ApiError, AuthError, NotFoundError, RateLimitError, ValidationError, type ValidationIssue } from './errors.js';
import { quoted } from '@sdwebui/internal/printable';
import { retryAfterMs } from './retry/index.js';

/** Server text quoted in a message is cut here: the body stays whole on the error. */
const MAX_QUOTED = 500;

/**
 * The text of an error body: A1111's envelope `{error, detail, body, errors}` (SD.Next's adds `code`),
 * FastAPI's plain `{detail}` (Forge's HTTP errors: it installs no envelope), Forge's exception
 * handler's `{error, detail, body, message}` (`message` is A1111's `errors`), or a bare string
 * (SD.Next's answer to a TypeError).
 */
function webuiDetail(body: unknown): string | undefined {
  if (body === null || typeof body !== 'object') return typeof body === 'string' && body !== '' ? body : undefined;
  const { detail, errors, error, message } = body as {
    detail?: unknown;
    errors?: unknown;
    error?: unknown;
    message?: unknown;
  };
  if (typeof detail === 'string' && detail !== '') return detail;
  for (const text of [errors, message])
    if (typeof text === 'string' && text !== '') return typeof error === 'string' ? `${error}: ${text}` : text;
  return undefined;
}

const isIssue = (item: unknown): item is ValidationIssue =>
  typeof item === 'object' &&
  item !== null &&
  Array.isArray((item as ValidationIssue).loc) &&
  typeof (item as ValidationIssue).msg === 'string';

/**
 * A redirect (3xx, or a browser's opaque one, status 0) is never followed: fetch would send the
 * request, a generation's prompt and images included, on to wherever the server points. The
 * message names only the origin it pointed to.
 */
function redirected(status: number, location: string | null, operation: string, baseUrl: string): ApiError {
  let target = '';
  try {
    if (location !== null) target = ` to ${new URL(location, baseUrl).origin}`;
  } catch {
    target = ' to an address that is not a URL';
  }
  return new ApiError(
    `${operation}: HTTP ${status} redirect${target}, not followed (the request went nowhere else); ` +
      'give the final address as baseUrl',
    status,
    null,
    operation,
    'redirect',
  );
}

/** The typed error for an error response. */
export function errorForResponse(
  response: Response,
  body: unknown,
  operation: string,
  settings: { baseUrl: string; hasAuth: boolean },
): ApiError {
  const { status } = response;
  if (status < 400) return redirected(status, response.headers.get('location'), operation, settings.baseUrl);
  const auth = settings.hasAuth;
  const full = webuiDetail(body);
  const detail = full === undefined ? undefined : quoted(full, MAX_QUOTED);
  const list = (body as { detail?: unknown } | null)?.detail;
  if (status === 422 && Array.isArray(list) && list.length > 0 && list.every(isIssue)) {
    return new ValidationError(list, body, operation);
  }
  if (status === 401) {
    return auth
      ? new AuthError(
          `${operation}: the webui rejected the credentials: check the auth option against its --api-auth`,
          status,
          body,
          operation,
          'auth-rejected',
        )
      : new AuthError(
          `${operation}: the webui requires credentials (started with --api-auth): ` +
            'pass auth: "user:password" to createWebuiClient',
          status,
          body,
          operation,
          'auth-required',
        );
  }
  if (status === 429) {
    const asked = retryAfterMs(response.headers);
    const wait = asked !== undefined && asked >= 0 ? asked : undefined;
    const advice = /\/(txt2img|img2img|control)$/.test(operation)
      ? 'a generation is never re-sent (on SD.Next it ran and its answer was dropped); wait, then send fewer'
      : "wait and try again (idempotent calls were retried with backoff), or raise the server's limit (SD.Next: server_rate_limit)";
    return new RateLimitError(
      `${operation}: HTTP 429 too many requests${detail ? ` (${detail})` : ''}${
        wait === undefined ? '' : `, asked to wait ${Math.round(wait)} ms`
      }: ${advice}`,
      body,
      operation,
      wait,
    );
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
