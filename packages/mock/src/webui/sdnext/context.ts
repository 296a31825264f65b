import type { FifoLock } from '../jobs/fifo-lock.js';
import type { PyJson } from '../python/index.js';
import type { SdnextModels } from './models/index.js';
import type { SdnextOptions } from './options/index.js';
import type { SdnextSamplers } from './samplers/index.js';
import type { SdnextState } from './state/index.js';

/** The answers SD.Next's own code gives that the mock serves as they are (`fixtures/sdnext-058a7f0`). */
export interface SdnextAnswers {
  /** GET /sdapi/v1/options on a first run. */
  options: Record<string, PyJson>;
  optionsInfo: PyJson;
  cmdFlags: Record<string, PyJson>;
  samplers: PyJson;
  /** GET /sdapi/v1/schedulers: its 500 body (the 137 rows are its `body`). */
  schedulers: { error: string; code: number; detail: string; body: Array<{ name: string }>; errors: string };
  vqaModels: PyJson;
  vqaPrompts: Record<string, PyJson>;
  taggerModels: PyJson;
  /** GET /openapi.json at 058a7f0: its 500 body. */
  openapiError: PyJson;
  /** Sampler name → the diffusers scheduler class it constructs. */
  schedulerClasses: Record<string, string>;
}

/** Everything the emulated SD.Next keeps between requests: one per mock server. */
export interface SdnextContext {
  options: SdnextOptions;
  models: SdnextModels;
  samplers: SdnextSamplers;
  state: SdnextState;
  /** `queue_lock`: generations run one at a time, in order. */
  lock: FifoLock;
  answers: SdnextAnswers;
  /** Simulated time per sampling step, in milliseconds. */
  stepMs: number;
  /** Clock in milliseconds. */
  now(): number;
  /** The release `/openapi.json` belongs to (the `--spec` file's when given; null when unknown). */
  specVersion: string | null;
  /** `--auth` as given (`cmd_opts.auth`), null without it. */
  apiAuth: string | null;
}

/** The SD.Next the mock is: vladmandic/sdnext `master` at 058a7f0 (2026-07-23). */
export const SDNEXT_RELEASE = {
  commit: '058a7f0cf326f39c0135c6257d7b7e61073e51fd',
  /** `installer.git_commit`: the first 7 hex, as infotexts write it. */
  short: '058a7f0',
  updated: '2026-07-23',
  branch: 'master',
} as const;
