import { randomUUID } from 'node:crypto';
import { type Job, Queue, UnrecoverableError, Worker } from 'bullmq';
import { Webhook } from 'standardwebhooks';
import type { Cluster, RedisOptions } from 'ioredis';
import { QueueConfigError } from '../errors/index.js';
import type { WorkerEvent } from '../worker/events.js';
import { AddressRefusedError, boundedSystemResolve, checkedAddress, type ResolveHost } from './address-policy.js';
import { checkCallbackUrl } from './callback-url.js';
import type { WebhookEvent } from './payload.js';
import { postOnce } from './post.js';

/** Webhooks a worker sends (`createWorker({ webhooks })`): signed where they are sent. */
export interface WebhookOptions {
  /**
   * The signing secret, shared with the receivers: `whsec_` and base64 of at least 24 random bytes
   * (`openssl rand -base64 32`), as Standard Webhooks has it. Never logged.
   */
  secret: string;
  /**
   * Also send to loopback, private, link-local and other non-public addresses (default false: a job's
   * callback could otherwise reach the worker's own network, cloud metadata included).
   */
  allowPrivateAddresses?: boolean;
  /** Tries per webhook before it is given up (default 6: the first and 5 retries). */
  attempts?: number;
  /** First wait before a retry, doubled each time (default 1 s: 1, 2, 4, 8, 16 s). */
  backoffMs?: number;
  /** Longest wait for a receiver's answer, connection included (default 10 s); also for its host's DNS answer. */
  timeoutMs?: number;
  /**
   * How host names are resolved (default: the system resolver, two lookups at a time, each given
   * up after `timeoutMs`). Every address it answers is checked.
   */
  resolve?: ResolveHost;
}

/** One webhook to send, as kept in Redis until it is delivered or given up. */
interface Delivery {
  jobId: string;
  url: string;
  /** The event, serialised once: the signature covers these exact bytes. */
  body: string;
  /** `webhook-id`, the same on every retry (receivers dedupe on it). */
  messageId: string;
}

const MIN_SECRET_BYTES = 16;

/**
 * Sends job outcomes to their callback URLs through a BullMQ queue of its own, so a delivery
 * outlives the worker process that finished the job, and failed tries are retried with
 * exponential backoff by BullMQ. Each try is signed afresh (Standard Webhooks timestamps expire
 * after 5 minutes), connects only to a checked address, follows no redirect and reads no body.
 */
export class WebhookSender {
  private readonly signer: Webhook;
  private readonly queue: Queue<Delivery>;
  private readonly worker: Worker<Delivery>;
  private readonly attempts: number;
  private readonly backoffMs: number;
  private readonly timeoutMs: number;
  private readonly resolve: ResolveHost;

  constructor(
    where: { queue: string; prefix: string },
    /** BullMQ's connection (`bullConnection`): options, or the worker's own Cluster client. */
    connection: RedisOptions | Cluster,
    private readonly options: WebhookOptions,
    private readonly emit: (event: WorkerEvent) => void,
  ) {
    try {
      this.signer = new Webhook(options.secret);
    } catch {
      throw new QueueConfigError(
        'the webhook secret must be base64 (optionally after whsec_), e.g. whsec_$(openssl rand -base64 32)',
      );
    }
    if (Buffer.from(options.secret.replace(/^whsec_/, ''), 'base64').length < MIN_SECRET_BYTES)
      throw new QueueConfigError(`the webhook secret must hold at least ${MIN_SECRET_BYTES} bytes`);
    this.attempts = options.attempts ?? 6;
    this.backoffMs = options.backoffMs ?? 1_000;
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.resolve = options.resolve ?? boundedSystemResolve({ timeoutMs: this.timeoutMs });
    const { queue, prefix } = where;
    this.queue = new Queue<Delivery>(queue, { connection, prefix });
    this.worker = new Worker<Delivery>(queue, (job) => this.deliver(job), { connection, prefix, concurrency: 8 });
    this.worker.on('completed', (job, status: number) =>
      this.emit({
        type: 'webhook-delivered',
        jobId: job.data.jobId,
        host: hostOf(job.data.url),
        status,
        attempts: job.attemptsMade,
      }),
    );
    this.worker.on('failed', (job, error) => {
      if (!job) return;
      const final = error instanceof UnrecoverableError || job.attemptsMade >= this.attempts;
      this.emit({
        type: 'webhook-failed',
        jobId: job.data.jobId,
        host: hostOf(job.data.url),
        reason: error.message,
        attempt: job.attemptsMade,
        final,
      });
    });
    this.worker.on('error', (error) =>
      this.emit({ type: 'error', backend: null, message: `webhooks: ${error.message}` }),
    );
  }

  /** Queues the outcome of a finished job for its callback (once per finish: the delivery id is the job's and its finish time). */
  async enqueue(jobId: string, url: string, event: WebhookEvent, finishedAt: number): Promise<void> {
    const messageId = `msg_${jobId}_${finishedAt}`;
    await this.queue.add(
      'webhook',
      { jobId, url, body: JSON.stringify(event), messageId },
      {
        jobId: `wh-${jobId}-${finishedAt}`,
        attempts: this.attempts,
        backoff: { type: 'exponential', delay: this.backoffMs },
        removeOnComplete: { age: 3_600 },
        removeOnFail: { age: 86_400 },
      },
    );
  }

  async close(): Promise<void> {
    await Promise.allSettled([this.worker.close(), this.queue.close()]);
  }

  private async deliver(job: Job<Delivery>): Promise<number> {
    const { url: text, body, messageId } = job.data;
    let status: number;
    try {
      // Read back from Redis: checked again, as when it was submitted.
      const url = checkCallbackUrl(text);
      const address = await checkedAddress(url.hostname, this.options.allowPrivateAddresses === true, this.resolve);
      const timestamp = new Date();
      const headers = {
        'content-type': 'application/json',
        'user-agent': 'sdwebui-queue-webhooks',
        'webhook-id': messageId,
        'webhook-timestamp': String(Math.floor(timestamp.getTime() / 1000)),
        'webhook-signature': this.signer.sign(messageId, timestamp, body),
        'x-request-id': randomUUID(),
      };
      status = await postOnce({ url, address, headers, body, timeoutMs: this.timeoutMs });
    } catch (error) {
      if (error instanceof AddressRefusedError || error instanceof QueueConfigError)
        throw new UnrecoverableError(error.message);
      throw error instanceof Error ? new Error(`not delivered: ${error.message}`) : error;
    }
    if (status >= 200 && status < 300) return status;
    if (status >= 300 && status < 400) throw new UnrecoverableError(`answered ${status}: redirects are not followed`);
    if (status === 408 || status === 429 || status >= 500) throw new Error(`answered ${status}`);
    throw new UnrecoverableError(`answered ${status}`);
  }
}

/** Where a callback goes, for events: host and port only (a path or query may carry the receiver's token). */
function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return '?';
  }
}
