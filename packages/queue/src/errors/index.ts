/** Base class of every error this package throws. */
export class QueueError extends Error {
  override name = 'QueueError';
}

/** The job was cancelled (`job.cancel()`) before it finished. */
export class JobCancelledError extends QueueError {
  override name = 'JobCancelledError';
  constructor(readonly jobId: string) {
    super(`job ${jobId} was cancelled`);
  }
}

/** The typed error a job failed with, as the worker recorded it (class name and the SDK's `kind`). */
export interface FailureOrigin {
  /** The error's class: `NotFoundError`, `ScriptError`, `ResultMissingError`… */
  name: string;
  /** The SDK's stable `kind` (`unknown-name`, `script-args`…), when the error has one. */
  kind?: string;
}

/**
 * The job ended in the failed state; `reason` is what the worker recorded. When a typed error
 * failed it (an unknown sampler the SDK refused before sending, a webui's 422…), `errorName`
 * and `errorKind` say which, so a producer can tell "fix the request" from "a backend broke".
 */
export class JobFailedError extends QueueError {
  override name = 'JobFailedError';
  /** Class of the error that failed the job (`NotFoundError`, `ValidationError`…), when known. */
  readonly errorName: string | undefined;
  /** Its `kind` (the SDK's: `unknown-name`, `unknown-script`, `validation`…), when it has one. */
  readonly errorKind: string | undefined;
  constructor(
    readonly jobId: string,
    readonly reason: string,
    origin?: FailureOrigin,
  ) {
    super(`job ${jobId} failed: ${origin ? `${origin.name}: ` : ''}${reason}`);
    this.errorName = origin?.name;
    this.errorKind = origin?.kind;
  }
}

/** No job with this id is known to the queue (never submitted, or expired and removed). */
export class JobNotFoundError extends QueueError {
  override name = 'JobNotFoundError';
  constructor(readonly jobId: string) {
    super(`no job ${jobId} in this queue (never submitted, or removed after it expired)`);
  }
}

/**
 * A dispatch may have reached its backend and the backend cannot say whether the task ran
 * (no per-task progress, or unreachable). The job is failed rather than sent again blindly.
 */
export class DispatchUncertainError extends QueueError {
  override name = 'DispatchUncertainError';
}

/** A stored result is missing or unreadable (expired, or another store than the worker's). */
export class ResultMissingError extends QueueError {
  override name = 'ResultMissingError';
}

/** A value given to the queue (name, option, job id, store key) is not acceptable. */
export class QueueConfigError extends QueueError {
  override name = 'QueueConfigError';
}

/** Redis cannot be reached, or refused the login (`checkConnection`). */
export class QueueConnectionError extends QueueError {
  override name = 'QueueConnectionError';
}

/**
 * A tenant's cap refused a submission (`maxWaiting`): the job was not queued. Submit again once
 * some of its jobs have started, or raise the cap.
 */
export class QuotaError extends QueueError {
  override name = 'QuotaError';
  constructor(
    readonly tenant: string,
    readonly limit: 'maxWaiting',
    readonly max: number,
    readonly current: number,
  ) {
    super(
      `tenant ${JSON.stringify(tenant)} has ${current} jobs waiting (${limit} ${max}); ` +
        'submit again once some have started, or raise the limit',
    );
  }
}

/** A webhook's signature, timestamp or body did not verify (`verifyWebhook`): do not act on it. */
export class WebhookVerificationError extends QueueError {
  override name = 'WebhookVerificationError';
}
