import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { dialectOf, isAnnotation, nonNullBranch, toDialect31 } from '../dialect/index.js';
import {
  isJsonObject,
  type Json,
  type JsonObject,
  type OpenApiDocument,
  type SchemaObject,
} from '../document/index.js';

/**
 * A hand-written completion of the captured spec (`spec/overlays/*.json`, and per target
 * `spec/<target>/overlays/*.json`). Keys of `operations`, `responses` and `requestBodies` are
 * `"METHOD /path"`; keys of `properties` are `"Schema.property"`. Entries whose operation or
 * schema a target lacks are skipped, so one overlay serves every webui version.
 */
export interface Overlay {
  /** Why the overlay exists and where its shapes come from. */
  $comment?: string;
  /** Component schemas to add (or replace). */
  schemas?: Record<string, SchemaObject>;
  /** Operations to remove (a fork that drops routes); the path goes when its last operation does. */
  removeOperations?: string[];
  /** Whole operations to add (or replace): routes a fork adds that no capture holds. */
  operations?: Record<string, JsonObject>;
  /** `200` JSON response schema per operation. */
  responses?: Record<string, SchemaObject>;
  /** JSON request body schema per operation. */
  requestBodies?: Record<string, SchemaObject>;
  /** Replacement (or new) schema for one property of a component schema. */
  properties?: Record<string, SchemaObject>;
  /**
   * Keys to add to one property of a component schema where the capture leaves them out (or
   * states them as `{}`); what the capture states wins. Keeps each version's title, description
   * and default, and leaves a version that already types the property as it is.
   */
  fillProperties?: Record<string, SchemaObject>;
  /**
   * Schemas kept in an extension's document although no route references them, per namespace
   * (`{"controlnet": {"ControlNetUnit": …}}`): the `alwayson_scripts` argument models.
   * Added only where the target has that extension.
   */
  extensionSchemas?: Record<string, Record<string, SchemaObject>>;
  /**
   * The error bodies of a server whose error handling differs from A1111's: `default` is every
   * operation's `default` response, `validation` its 422. The last overlay that sets it wins.
   */
  errorEnvelope?: ErrorEnvelope;
}

export interface ErrorEnvelope {
  default: SchemaObject;
  validation: SchemaObject;
}

export interface NamedOverlay {
  name: string;
  overlay: Overlay;
}

/** An overlay file that is not an object, or an entry key that is not `METHOD /path`. */
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

/**
 * Applies overlays in order; returns the entries that were applied, for the report. Overlays
 * are written in OpenAPI 3.0; on a 3.1 document each shape is translated first (`nullable` →
 * a `{"type": "null"}` branch), and `fillProperties` completes the non-null branch of a
 * nullable property.
 */
export function applyOverlays(doc: OpenApiDocument, overlays: readonly NamedOverlay[]): string[] {
  const applied: string[] = [];
  const schemas = (doc.components.schemas ??= {});
  const dialect31 = dialectOf(doc) === '3.1';
  const shape = <T extends Json>(value: T): T => (dialect31 ? toDialect31(value) : structuredClone(value));
  for (const { name, overlay } of overlays) {
    for (const [schemaName, schema] of Object.entries(overlay.schemas ?? {})) {
      schemas[schemaName] = shape(schema);
    }
    for (const key of overlay.removeOperations ?? []) {
      const { method, path } = operationKey(key, name);
      const item = doc.paths[path];
      if (item?.[method] === undefined) continue;
      delete item[method];
      if (Object.keys(item).every((field) => !/^(get|put|post|delete|options|head|patch|trace)$/.test(field)))
        delete doc.paths[path];
      applied.push(`${key} removed`);
    }
    for (const [key, operation] of Object.entries(overlay.operations ?? {})) {
      const { method, path } = operationKey(key, name);
      (doc.paths[path] ??= {})[method] = shape(operation);
      applied.push(`${key} added`);
    }
    for (const [key, schema] of Object.entries(overlay.responses ?? {})) {
      const { method, path } = operationKey(key, name);
      const operation = doc.paths[path]?.[method];
      if (!isJsonObject(operation)) continue;
      const responses = (operation.responses ??= {}) as JsonObject;
      const ok = isJsonObject(responses['200']) ? responses['200'] : { description: 'Successful Response' };
      ok.content = { 'application/json': { schema: shape(schema) } };
      responses['200'] = ok;
      applied.push(`${key} response`);
    }
    for (const [key, schema] of Object.entries(overlay.requestBodies ?? {})) {
      const { method, path } = operationKey(key, name);
      const operation = doc.paths[path]?.[method];
      if (!isJsonObject(operation)) continue;
      operation.requestBody = { required: true, content: { 'application/json': { schema: shape(schema) } } };
      applied.push(`${key} body`);
    }
    for (const [key, schema] of Object.entries(overlay.properties ?? {})) {
      const [schemaName, property] = key.split('.');
      const target = schemaName === undefined ? undefined : schemas[schemaName];
      if (!isJsonObject(target) || !isJsonObject(target.properties) || property === undefined) continue;
      target.properties[property] = shape(schema);
      applied.push(`${key}`);
    }
    for (const [key, fill] of Object.entries(overlay.fillProperties ?? {})) {
      const [schemaName, property] = key.split('.');
      const target = schemaName === undefined ? undefined : schemas[schemaName];
      const current =
        isJsonObject(target) && isJsonObject(target.properties) ? target.properties[property ?? ''] : undefined;
      if (isJsonObject(current) && (dialect31 ? fillMissing31(current, fill) : fillMissing(current, fill)))
        applied.push(`${key} filled`);
    }
  }
  return applied;
}

/** The extension-only schemas of all overlays, per namespace (later overlays win per schema). */
export function extensionSchemasOf(overlays: readonly NamedOverlay[]): Record<string, Record<string, SchemaObject>> {
  const merged: Record<string, Record<string, SchemaObject>> = {};
  for (const { overlay } of overlays) {
    for (const [namespace, schemas] of Object.entries(overlay.extensionSchemas ?? {})) {
      Object.assign((merged[namespace] ??= {}), structuredClone(schemas));
    }
  }
  return merged;
}

/** The error envelope the last overlay declares, or undefined for A1111's own. */
export function errorEnvelopeOf(overlays: readonly NamedOverlay[]): ErrorEnvelope | undefined {
  let envelope: ErrorEnvelope | undefined;
  for (const { overlay } of overlays) if (overlay.errorEnvelope !== undefined) envelope = overlay.errorEnvelope;
  return envelope === undefined ? undefined : structuredClone(envelope);
}

/**
 * `fillMissing` on a 3.1 property. A nullable one (`anyOf: [{}, {type: null}]`, pydantic v2's
 * `Optional[Any]`) is completed in its non-null branch, annotations (title, default, …) on the
 * property itself; the fill's `nullable` is already said by the null branch. Any other
 * property is filled with the fill in 3.1 form.
 */
function fillMissing31(target: JsonObject, fill: SchemaObject): boolean {
  const branch = nonNullBranch(target);
  if (branch === undefined) return fillMissing(target, toDialect31(fill));
  const outer: SchemaObject = {};
  const inner: SchemaObject = {};
  for (const [key, value] of Object.entries(fill)) {
    if (key === 'nullable') continue;
    (isAnnotation(key) ? outer : inner)[key] = value;
  }
  const filledOuter = fillMissing(target, outer);
  return fillMissing(branch, toDialect31(inner)) || filledOuter;
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
