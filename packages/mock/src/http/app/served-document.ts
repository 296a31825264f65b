import { fastapiJson } from '../../fastapi/python-json/index.js';
import { parsePythonJson } from '../../fastapi/python-json/parse.js';
import type { WebuiContext } from '../../webui/generation/context.js';
import type { PyJson } from '../../webui/python/index.js';
import { type Profile, readProfileDocument } from '../../webui/profiles/index.js';
import { type ExtensionDocument, withExtensionDocuments } from './served-spec.js';

type OpenApiDoc = WebuiContext['spec'];

/** The document a server serves at `/openapi.json` and routes and validates by. */
export interface ServedDocument {
  /** Parsed as Python's `json` reads it: `7.0` stays a float, so defaults echo as the server's do. */
  doc: OpenApiDoc;
  /**
   * The bytes of `/openapi.json`, made on first use; with `--api-auth` (`secured` names the routes
   * it protects) as FastAPI describes the routes' HTTPBasic dependency; with the routes and schemas of
   * the installed extensions' `extensions` documents, which FastAPI lists too.
   */
  bytes(secured?: (path: string) => boolean, extensions?: readonly ExtensionDocument[]): Uint8Array;
}

type Operation = Record<string, unknown>;

/**
 * FastAPI's document of an app whose routes depend on `HTTPBasic`: each such operation gets
 * `"security": [{"HTTPBasic": []}]` (before its `parameters`, else last) and the components a
 * `securitySchemes` entry.
 */
function withBasicAuth(doc: OpenApiDoc, secured: (path: string) => boolean): OpenApiDoc {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const [path, item] of Object.entries(doc.paths)) {
    paths[path] = !secured(path)
      ? item
      : Object.fromEntries(
          Object.entries(item).map(([method, operation]) => {
            const entries = Object.entries(operation as Operation);
            const at = entries.findIndex(([key]) => key === 'parameters');
            entries.splice(at < 0 ? entries.length : at, 0, ['security', [{ HTTPBasic: [] }]]);
            return [method, Object.fromEntries(entries)];
          }),
        );
  }
  const securitySchemes = { HTTPBasic: { type: 'http', scheme: 'basic' } };
  return { ...doc, paths, components: { ...doc.components, securitySchemes } } as OpenApiDoc;
}

const parsed = new Map<string, ServedDocument>();

/**
 * The profile's own server document (`Profile.document`), parsed once per process: FastAPI
 * answers `/openapi.json` with `JSONResponse(app.openapi())`, compact and UTF-8, which is what
 * `bytes()` renders from it.
 */
export function profileDocument(profile: Profile): ServedDocument | undefined {
  const cached = parsed.get(profile.id);
  if (cached !== undefined) return cached;
  const raw = readProfileDocument(profile);
  if (raw === undefined) return undefined;
  const doc = parsePythonJson(new TextDecoder().decode(raw)) as unknown as OpenApiDoc;
  let rendered: Uint8Array | undefined;
  const served: ServedDocument = {
    doc,
    bytes: (secured, extensions = []) => {
      const full = withExtensionDocuments(doc, extensions);
      if (secured) return new TextEncoder().encode(fastapiJson(withBasicAuth(full, secured) as unknown as PyJson));
      if (extensions.length > 0) return new TextEncoder().encode(fastapiJson(full as unknown as PyJson));
      return (rendered ??= new TextEncoder().encode(fastapiJson(doc as unknown as PyJson)));
    },
  };
  parsed.set(profile.id, served);
  return served;
}
