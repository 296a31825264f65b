import { Webhook, WebhookVerificationError as SignatureError } from 'standardwebhooks';
import { WebhookVerificationError } from '../errors/index.js';
import type { WebhookEvent } from './payload.js';

/** Request headers as Node (`IncomingHttpHeaders`), fetch (`Headers`) or a plain object give them. */
export type WebhookHeaders = Headers | Record<string, string | string[] | undefined>;

function header(headers: WebhookHeaders, name: string): string | undefined {
  if (headers instanceof Headers) return headers.get(name) ?? undefined;
  const found = Object.entries(headers).find(([key]) => key.toLowerCase() === name)?.[1];
  return Array.isArray(found) ? found[0] : found;
}

/**
 * Checks a webhook the queue sent (Standard Webhooks: `webhook-id`, `webhook-timestamp` within 5
 * minutes, `webhook-signature` an HMAC-SHA256 of id, timestamp and the raw body with the shared
 * secret) and returns its event. Pass the raw body exactly as received, before any JSON parsing.
 * Throws `WebhookVerificationError` for anything else: act on nothing that does not verify.
 */
export function verifyWebhook(secret: string, headers: WebhookHeaders, body: string | Uint8Array): WebhookEvent {
  const names = ['webhook-id', 'webhook-timestamp', 'webhook-signature'] as const;
  const given = Object.fromEntries(names.map((name) => [name, header(headers, name) ?? '']));
  let event: unknown;
  try {
    event = new Webhook(secret).verify(body, given);
  } catch (error) {
    // Never the secret in a message: only what was wrong with the request.
    const reason =
      error instanceof SignatureError ? error.message : 'the body is not JSON, or the secret is not base64';
    throw new WebhookVerificationError(`webhook did not verify: ${reason}`);
  }
  const type = (event as Partial<WebhookEvent> | null)?.type;
  if (type !== 'job.completed' && type !== 'job.failed' && type !== 'job.cancelled')
    throw new WebhookVerificationError('webhook verified, but it is no event of this queue');
  return event as WebhookEvent;
}
