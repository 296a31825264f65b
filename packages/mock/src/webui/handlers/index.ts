import type { WebuiContext } from '../generation/context.js';
import type { PyJson } from '../python/index.js';

/**
 * The request as an endpoint of the webui's `Api` sees it, already bound to the route's own operation
 * (FastAPI's request model): handlers never repeat their method and path.
 */
export interface BoundRequest {
  /** The validated JSON body (FastAPI's model validation). */
  body(): Promise<PyJson>;
  /** The body as `Dict[str, Any]` (POST /options, create/train). */
  dict(): Promise<Record<string, PyJson>>;
  /** The validated query parameters. */
  query(): Record<string, PyJson>;
  /** The answer through the route's response model (pydantic 2 validates it; a failure is a 500). */
  response(value: PyJson): PyJson;
}

/** What a route handler gets: the emulated webui and the request bound to its operation. */
export interface HandlerEnv {
  ctx: WebuiContext;
  request: BoundRequest;
}

/** Returns the JSON body (Python-serialized by the app). */
export type Handler = (env: HandlerEnv) => PyJson | Promise<PyJson>;

/** `"METHOD /path"` → handler. Only operations present in the profile's spec are mounted. */
export type HandlerTable = Record<string, Handler>;
