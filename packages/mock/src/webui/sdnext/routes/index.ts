import { captionHandlers } from './caption.js';
import { generationHandlers } from './generation.js';
import type { SdnextHandlerTable } from './handler.js';
import { listHandlers } from './lists.js';
import { modelHandlers } from './models.js';
import { serverHandlers } from './server.js';

/** Every route of SD.Next's document, `"METHOD /path"` → handler. */
export const SDNEXT_HANDLERS: SdnextHandlerTable = {
  ...serverHandlers,
  ...generationHandlers,
  ...listHandlers,
  ...modelHandlers,
  ...captionHandlers,
};
