import { NotFoundError, SdwebuiError } from '@sdwebui/client';
import type { FailureOrigin } from '../errors/index.js';

/**
 * SDK errors raised before anything is sent that say the request itself is wrong: an unknown
 * sampler, VAE, scheduler or upscaler, an unknown script or arguments its script-info rules
 * out, a field the server's fork does not read, an input that is no image. Every backend of a
 * queue is expected to list the same names and scripts, so sending the job elsewhere would fail
 * the same way.
 */
const REQUEST_KINDS: ReadonlySet<string> = new Set([
  'unknown-name',
  'unknown-script',
  'script-args',
  'unsupported',
  'input',
]);

/** Where the SDK looks a checkpoint up before a sticky switch or a per-request override. */
const MODEL_LOOKUPS: ReadonlySet<string> = new Set(['resolveModel', 'check model']);

/**
 * Whose fault a job that was never sent is. `job`: it cannot run anywhere, so it fails once with
 * its typed error. `backend`: this backend could not take it now (unreachable, a list it could
 * not answer, or a checkpoint routing said it has and it no longer lists), so it is handed back.
 * Errors outside the SDK's and the queue's (a job whose fields make the SDK throw a TypeError) are
 * the job's: another backend would meet the same fields.
 */
export function unsentFault(error: unknown, routedModel: boolean): 'job' | 'backend' {
  if (!(error instanceof SdwebuiError)) return 'job';
  if (!REQUEST_KINDS.has(error.kind)) return 'backend';
  const modelGone = routedModel && error instanceof NotFoundError && MODEL_LOOKUPS.has(error.operation);
  return modelGone ? 'backend' : 'job';
}

/** The class and the SDK's `kind` of an error, as a job's failure records them. */
export function originOf(error: unknown): FailureOrigin | undefined {
  if (!(error instanceof Error)) return undefined;
  const kind = error instanceof SdwebuiError ? error.kind : undefined;
  return kind === undefined ? { name: error.name } : { name: error.name, kind };
}
