import type { ExtensionHandlers } from '../routes.js';
import { AD_ARGS_JSON_SCHEMA } from './args.js';
import { ADETAILER_VERSION, AD_MODELS } from './index.js';

/** ADetailer's routes (`scripts/!adetailer.py`): no `--api-auth`, no queue lock. */
export const adetailerHandlers: ExtensionHandlers = {
  'GET /adetailer/v1/version': () => ({ version: ADETAILER_VERSION }),
  'GET /adetailer/v1/schema': () => AD_ARGS_JSON_SCHEMA,
  'GET /adetailer/v1/ad_model': () => ({ ad_model: [...AD_MODELS] }),
};
