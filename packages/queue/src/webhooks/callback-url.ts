import { QueueConfigError } from '../errors/index.js';

const MAX_URL_CHARS = 2_048;

/**
 * A job's callback URL, checked where it is given (and again where it is read back from Redis):
 * http(s), at most 2,048 characters, no `user:pass@` (it is stored with the job and shown on the
 * dashboard; put a receiver's token in its path or query, never a password there). Where it may
 * point is the worker's concern: it resolves the name when it sends (see `deliverWebhook`).
 */
export function checkCallbackUrl(text: unknown): URL {
  if (typeof text !== 'string' || text.length > MAX_URL_CHARS)
    throw new QueueConfigError(`callbackUrl must be a URL of at most ${MAX_URL_CHARS} characters`);
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new QueueConfigError('callbackUrl is not a URL (expected https://host/path)');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new QueueConfigError(`callbackUrl must be http(s), got ${url.protocol}`);
  if (url.username !== '' || url.password !== '')
    throw new QueueConfigError('callbackUrl must not carry user:password@ (it is stored with the job)');
  return url;
}
