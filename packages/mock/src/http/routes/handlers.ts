import type { Context } from 'hono';
import type { WebuiContext } from '../../webui/generation/context.js';
import type { PyJson } from '../../fastapi/python-json/index.js';
import type { RequestModels } from '../../fastapi/request-model/index.js';

/** What a route handler gets: the request, the emulated webui, and the request validator. */
export interface HandlerEnv {
  c: Context;
  ctx: WebuiContext;
  models: RequestModels;
}

/** Returns the JSON body (Python-serialized by the app); `undefined` means the handler already answered. */
export type Handler = (env: HandlerEnv) => PyJson | Promise<PyJson>;

/** `"METHOD /path"` → handler. Only operations present in the profile's spec are mounted. */
export type HandlerTable = Record<string, Handler>;
