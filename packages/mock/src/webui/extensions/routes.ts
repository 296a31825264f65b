import { readFileSync } from 'node:fs';
import { RequestModels, type Operation } from '../../fastapi/request-model/index.js';
import type { Handler, HandlerTable } from '../handlers/index.js';
import type { WebuiContext } from '../generation/context.js';
import { adetailerHandlers } from './adetailer/routes.js';
import { controlNetFlavour } from './controlnet/flavour.js';
import { forgeControlNetHandlers } from './controlnet/forge-routes.js';
import { controlNetHandlers } from './controlnet/routes.js';
import type { ExtensionId } from './host/index.js';

/** Extension handlers get what core handlers get, the request bound to the extension's own operation. */
export type ExtensionHandlers = HandlerTable;

/** One route of an installed extension, ready to mount: its handler and the operation that validates its input. */
export interface ExtensionRoute {
  method: string;
  path: string;
  handler: Handler;
  /** From the extension's own OpenAPI document (the 1.10 capture's), validated FastAPI's way. */
  operation: Operation;
}

type RouteSource = { document: string; handlers: ExtensionHandlers };

const HANDLERS: Record<ExtensionId, RouteSource> = {
  controlnet: { document: 'controlnet.json', handlers: controlNetHandlers },
  adetailer: { document: 'adetailer.json', handlers: adetailerHandlers },
};
/** Forge's built-in ControlNet: its own routes and document (`spec/forge-2/extensions/controlnet.json`). */
const FORGE_CONTROLNET_ROUTES: RouteSource = {
  document: 'forge-2/controlnet.json',
  handlers: forgeControlNetHandlers,
};

const documents = new Map<string, ConstructorParameters<typeof RequestModels>[0]>();

/** The extension's normalized OpenAPI document, bundled into `data/extensions` at build time. */
function extensionDocument(file: string): ConstructorParameters<typeof RequestModels>[0] {
  let doc = documents.get(file);
  if (doc === undefined) {
    try {
      doc = JSON.parse(
        readFileSync(new URL(`../../../data/extensions/${file}`, import.meta.url), 'utf8'),
      ) as ConstructorParameters<typeof RequestModels>[0];
    } catch (error) {
      throw new Error(`the mock's bundled extension document ${file} is missing; run the package build (pnpm build)`, {
        cause: error,
      });
    }
    documents.set(file, doc);
  }
  return doc;
}

/** The documents of the installed extensions (Forge's ControlNet: its own), as `/openapi.json` lists their routes. */
export function installedExtensionDocuments(ctx: WebuiContext): Array<ConstructorParameters<typeof RequestModels>[0]> {
  return ctx.extensions.installed.map((id) => {
    const forge = id === 'controlnet' && controlNetFlavour(ctx.profile).api === 'forge';
    return extensionDocument((forge ? FORGE_CONTROLNET_ROUTES : HANDLERS[id]).document);
  });
}

/** The routes of the installed extensions: every path of their documents that the mock answers. */
export function extensionRoutes(ctx: WebuiContext): ExtensionRoute[] {
  return ctx.extensions.installed.flatMap((id) => {
    const forge = id === 'controlnet' && controlNetFlavour(ctx.profile).api === 'forge';
    const { document, handlers } = forge ? FORGE_CONTROLNET_ROUTES : HANDLERS[id];
    const models = new RequestModels(extensionDocument(document), ctx.profile.pydantic);
    return Object.entries(handlers).map(([key, handler]) => {
      const [method, path] = key.split(' ') as [string, string];
      return { method, path, handler, operation: models.operation(method, path) };
    });
  });
}
