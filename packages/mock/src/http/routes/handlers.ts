import type { Context } from 'hono';
import type { WebuiContext } from '../../webui/generation/context.js';
import type { PyJson } from '../../fastapi/python-json/index.js';

/** The route's own operation, bound to the request: handlers never repeat their method and path. */
interface BoundRequest {
  /** The validated JSON body (FastAPI's model validation). */
  body(): Promise<PyJson>;
  /** The body as `Dict[str, Any]` (POST /options, create/train). */
  dict(): Promise<Record<string, PyJson>>;
  /** The validated query parameters. */
  query(): Record<string, PyJson>;
}

/** What a route handler gets: the request, the emulated webui, and the request bound to its operation. */
export interface HandlerEnv {
  c: Context;
  ctx: WebuiContext;
  request: BoundRequest;
}

/** Returns the JSON body (Python-serialized by the app). */
export type Handler = (env: HandlerEnv) => PyJson | Promise<PyJson>;

/** `"METHOD /path"` → handler. Only operations present in the profile's spec are mounted. */
export type HandlerTable = Record<string, Handler>;
