import type { BoundRequest } from '../../handlers/index.js';
import type { PyJson } from '../../python/index.js';
import type { SdnextContext } from '../context.js';
import type { Reply } from '../reply.js';

/** What an SD.Next route handler gets: the emulated server and the request bound to its operation. */
export interface SdnextHandlerEnv {
  ctx: SdnextContext;
  request: BoundRequest;
  /** Path parameters (`/autocomplete/{name}`). */
  path: Record<string, string>;
}

/** Returns the JSON body, or a `Reply` when the handler answers with its own status (204, 400). */
export type SdnextHandler = (env: SdnextHandlerEnv) => PyJson | Reply | Promise<PyJson | Reply>;

/** `"METHOD /path"` → handler, for every operation of SD.Next's document. */
export type SdnextHandlerTable = Record<string, SdnextHandler>;
