import { FifoLock } from '../jobs/fifo-lock.js';
import type { SdnextAnswers, SdnextContext } from './context.js';
import { SdnextModels, titleOf } from './models/index.js';
import { SdnextOptions } from './options/index.js';
import { SdnextSamplers } from './samplers/index.js';
import { SdnextState } from './state/index.js';

export interface SdnextWebuiOptions {
  answers: SdnextAnswers;
  stepMs: number;
  now: () => number;
  specVersion: string | null;
  apiAuth: string | null;
  /** The initial `server_rate_limit` (SD.Next's default 300; 0 switches the limiter off). */
  rateLimit?: number;
}

/**
 * A fresh emulated SD.Next: first-run options (every registered default) with the first checkpoint
 * selected and loaded, an idle state, no job history.
 */
export function createSdnextWebui(options: SdnextWebuiOptions): SdnextContext {
  const { answers } = options;
  const models = new SdnextModels();
  const settings = new SdnextOptions(answers.options);
  if (models.loaded !== null) settings.store('sd_model_checkpoint', titleOf(models.loaded));
  if (options.rateLimit !== undefined) settings.store('server_rate_limit', options.rateLimit);
  // `sd_model_checkpoint`'s onchange reloads the model: a name that is no checkpoint unloads it.
  settings.onChange = (key, value) => {
    if (key === 'sd_model_checkpoint') models.select(value);
  };
  return {
    options: settings,
    models,
    samplers: new SdnextSamplers(answers.schedulers.body, answers.schedulerClasses),
    state: new SdnextState(options.now() / 1000),
    lock: new FifoLock(),
    answers,
    stepMs: options.stepMs,
    now: options.now,
    specVersion: options.specVersion,
    apiAuth: options.apiAuth,
  };
}
