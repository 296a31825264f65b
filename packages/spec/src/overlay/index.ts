import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isJsonObject, type JsonObject, type OpenApiDocument, type SchemaObject } from '../document/index.js';

/**
 * A hand-written completion of the captured spec (`spec/overlays/*.json`). Keys of
 * `responses` and `requestBodies` are `"METHOD /path"`; keys of `properties` are
 * `"Schema.property"`. Entries whose operation or schema a target lacks are skipped, so one
 * overlay serves every webui version.
 */
export interface Overlay {
  /** Why the overlay exists and where its shapes come from. */
  $comment?: string;
  /** Component schemas to add (or replace). */
  schemas?: Record<string, SchemaObject>;
  /** `200` JSON response schema per operation. */
  responses?: Record<string, SchemaObject>;
  /** JSON request body schema per operation. */
  requestBodies?: Record<string, SchemaObject>;
  /** Replacement schema for one property of a component schema. */
  properties?: Record<string, SchemaObject>;
  /**
   * Keys to add to one property of a component schema where the capture leaves them out (or
   * states them as `{}`); what the capture states wins. Keeps each version's title, description
   * and default, and leaves a version that already types the property as it is.
   */
  fillProperties?: Record<string, SchemaObject>;
}

export interface NamedOverlay {
  name: string;
  overlay: Overlay;
}

export class OverlayError extends Error {
  override name = 'OverlayError';
}

/** Reads every `*.json` overlay of a folder, in file-name order (later files win). */
export async function loadOverlays(dir: string): Promise<NamedOverlay[]> {
  const names = (await readdir(dir)).filter((name) => name.endsWith('.json')).sort();
  return Promise.all(
    names.map(async (name) => {
      const parsed: unknown = JSON.parse(await readFile(join(dir, name), 'utf8'));
      if (!isJsonObject(parsed)) throw new OverlayError(`${name}: an overlay must be a JSON object`);
      return { name, overlay: parsed as Overlay };
    }),
  );
}

function operationKey(key: string, source: string): { method: string; path: string } {
  const match = /^(GET|POST|PUT|DELETE|PATCH) (\/\S*)$/.exec(key);
  if (!match) throw new OverlayError(`${source}: "${key}" is not "METHOD /path"`);
  return { method: (match[1] as string).toLowerCase(), path: match[2] as string };
}

/** Applies overlays in order; returns the entries that were applied, for the report. */
export function applyOverlays(doc: OpenApiDocument, overlays: readonly NamedOverlay[]): string[] {
  const applied: string[] = [];
  const schemas = (doc.components.schemas ??= {});
  for (const { name, overlay } of overlays) {
    for (const [schemaName, schema] of Object.entries(overlay.schemas ?? {})) {
      schemas[schemaName] = structuredClone(schema);
    }
    for (const [key, schema] of Object.entries(overlay.responses ?? {})) {
      const { method, path } = operationKey(key, name);
      const operation = doc.paths[path]?.[method];
      if (!isJsonObject(operation)) continue;
      const responses = (operation.responses ??= {}) as JsonObject;
      const ok = isJsonObject(responses['200']) ? responses['200'] : { description: 'Successful Response' };
      ok.content = { 'application/json': { schema: structuredClone(schema) } };
      responses['200'] = ok;
      applied.push(`${key} response`);
    }
    for (const [key, schema] of Object.entries(overlay.requestBodies ?? {})) {
      const { method, path } = operationKey(key, name);
      const operation = doc.paths[path]?.[method];
      if (!isJsonObject(operation)) continue;
      operation.requestBody = { required: true, content: { 'application/json': { schema: structuredClone(schema) } } };
      applied.push(`${key} body`);
    }
    for (const [key, schema] of Object.entries(overlay.properties ?? {})) {
      const [schemaName, property] = key.split('.');
      const target = schemaName === undefined ? undefined : schemas[schemaName];
      if (!isJsonObject(target) || !isJsonObject(target.properties) || property === undefined) continue;
      target.properties[property] = structuredClone(schema);
      applied.push(`${key}`);
    }
    for (const [key, fill] of Object.entries(overlay.fillProperties ?? {})) {
      const [schemaName, property] = key.split('.');
      const target = schemaName === undefined ? undefined : schemas[schemaName];
      const current =
        isJsonObject(target) && isJsonObject(target.properties) ? target.properties[property ?? ''] : undefined;
      if (isJsonObject(current) && fillMissing(current, fill)) applied.push(`${key} filled`);
    }
  }
  return applied;
}

function fillMissing(target: JsonObject, fill: SchemaObject): boolean {
  let filled = false;
  for (const [key, value] of Object.entries(fill)) {
    const current = target[key];
    if (current !== undefined && !(isJsonObject(current) && Object.keys(current).length === 0)) continue;
    target[key] = structuredClone(value);
    filled = true;
  }
  return filled;
}
