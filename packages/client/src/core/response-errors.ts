import { ApiError, AuthError, NotFoundError, ValidationError, type ValidationIssue } from './errors.js';

function webuiDetail(body: unknown): string | undefined {
  if (body === null || typeof body !== 'object')
    return typeof body === 'string' && body !== '' ? body.slice(0, 500) : undefined;
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
