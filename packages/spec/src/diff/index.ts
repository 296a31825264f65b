import { printableLine } from '@sdwebui/internal/printable';
import { isJsonObject, operations, type Json, type JsonObject, type OpenApiDocument } from '../document/index.js';
import { SchemaComparer, describeType, type ChangeKind, type SpecChange } from './schema.js';

export type { ChangeKind, SpecChange } from './schema.js';

export type SemverBump = 'major' | 'minor' | 'patch' | 'none';

export interface SpecDiff {
  changes: SpecChange[];
  counts: Record<ChangeKind, number>;
  /** The bump a client generated from the new spec needs: breaking → major, feature → minor, fix → patch. */
  bump: SemverBump;
}

/** Longest operation, location or message kept: each is one line of a report. */
const MAX_TEXT = 500;

const BUMP_OF: Record<ChangeKind, SemverBump> = { breaking: 'major', feature: 'minor', fix: 'patch' };

function jsonBodySchema(operation: JsonObject): Json | undefined {
  const body = operation.requestBody;
  if (!isJsonObject(body) || !isJsonObject(body.content)) return undefined;
  const json = body.content['application/json'];
  return isJsonObject(json) ? json.schema : undefined;
}

function okResponseSchema(operation: JsonObject): Json | undefined {
  const responses = isJsonObject(operation.responses) ? operation.responses : {};
  const ok = responses['200'];
  if (!isJsonObject(ok) || !isJsonObject(ok.content)) return undefined;
  const json = ok.content['application/json'];
  return isJsonObject(json) ? json.schema : undefined;
}

function errorResponseSchema(operation: JsonObject): Json | undefined {
  const responses = isJsonObject(operation.responses) ? operation.responses : {};
  const error = responses.default;
  if (!isJsonObject(error) || !isJsonObject(error.content)) return undefined;
  const json = error.content['application/json'];
  return isJsonObject(json) ? json.schema : undefined;
}

function parametersOf(operation: JsonObject): Map<string, JsonObject> {
  const params = new Map<string, JsonObject>();
  for (const param of Array.isArray(operation.parameters) ? operation.parameters : []) {
    if (isJsonObject(param) && typeof param.name === 'string') params.set(`${String(param.in)}.${param.name}`, param);
  }
  return params;
}

function operationMap(doc: OpenApiDocument): Map<string, JsonObject> {
  const map = new Map<string, JsonObject>();
  for (const { path, method, operation } of operations(doc)) map.set(`${method.toUpperCase()} ${path}`, operation);
  return map;
}

/**
 * Classifies every change between two normalized documents from a client's point of view:
 * operations, parameters, request bodies and 200 responses, field by field, with types,
 * nullability, enums, required-ness and defaults.
 */
export function diffSpecs(oldDoc: OpenApiDocument, newDoc: OpenApiDocument): SpecDiff {
  const comparer = new SchemaComparer(oldDoc, newDoc);
  const changes = comparer.changes;
  const before = operationMap(oldDoc);
  const after = operationMap(newDoc);

  for (const key of [...after.keys()].sort()) {
    if (!before.has(key)) changes.push({ kind: 'feature', operation: key, location: '', message: 'operation added' });
  }
  for (const key of [...before.keys()].sort()) {
    const oldOp = before.get(key) as JsonObject;
    const newOp = after.get(key);
    if (newOp === undefined) {
      changes.push({ kind: 'breaking', operation: key, location: '', message: 'operation removed' });
      continue;
    }
    const oldParams = parametersOf(oldOp);
    const newParams = parametersOf(newOp);
    for (const [name, param] of newParams) {
      if (oldParams.has(name)) continue;
      const required = param.required === true;
      changes.push({
        kind: required ? 'breaking' : 'feature',
        operation: key,
        location: name,
        message: `parameter "${name}" added (${describeType(newDoc, param.schema)}${required ? ', required' : ''})`,
      });
    }
    for (const [name, param] of oldParams) {
      const next = newParams.get(name);
      if (next === undefined)
        changes.push({ kind: 'breaking', operation: key, location: name, message: `parameter "${name}" removed` });
      else comparer.compare(key, name, 'request', param.schema, next.schema);
    }
    const oldBody = jsonBodySchema(oldOp);
    const newBody = jsonBodySchema(newOp);
    if (oldBody !== undefined || newBody !== undefined) comparer.compare(key, 'body', 'request', oldBody, newBody);
    const oldResponse = okResponseSchema(oldOp);
    const newResponse = okResponseSchema(newOp);
    if (oldResponse !== undefined || newResponse !== undefined)
      comparer.compare(key, 'response', 'response', oldResponse, newResponse);
  }

  compareErrorBodies(comparer, before, after);
  // Paths, field names and values are server text, printed and written into changesets.
  for (const change of changes) {
    change.operation = printableLine(change.operation).slice(0, MAX_TEXT);
    change.location = printableLine(change.location).slice(0, MAX_TEXT);
    change.message = printableLine(change.message).slice(0, MAX_TEXT);
  }

  const counts: Record<ChangeKind, number> = { breaking: 0, feature: 0, fix: 0 };
  for (const change of changes) counts[change.kind]++;
  const bump: SemverBump =
    counts.breaking > 0 ? 'major' : counts.feature > 0 ? 'minor' : counts.fix > 0 ? 'patch' : 'none';
  return { changes, counts, bump };
}

/**
 * The error body (`default` response) is one envelope shared by every operation, so a server
 * that answers errors differently (Forge) is reported once per distinct pair of envelopes, under
 * `every operation` (or `N operations`), instead of once per route.
 */
function compareErrorBodies(
  comparer: SchemaComparer,
  before: Map<string, JsonObject>,
  after: Map<string, JsonObject>,
): void {
  const groups = new Map<string, { keys: string[]; oldSchema: Json | undefined; newSchema: Json | undefined }>();
  let common = 0;
  for (const [key, oldOp] of before) {
    const newOp = after.get(key);
    if (newOp === undefined) continue;
    common++;
    const oldSchema = errorResponseSchema(oldOp);
    const newSchema = errorResponseSchema(newOp);
    if (oldSchema === undefined || newSchema === undefined) continue;
    const id = JSON.stringify([oldSchema, newSchema]);
    const group = groups.get(id) ?? { keys: [], oldSchema, newSchema };
    group.keys.push(key);
    groups.set(id, group);
  }
  for (const { keys, oldSchema, newSchema } of groups.values()) {
    const label =
      keys.length === 1
        ? (keys[0] as string)
        : keys.length === common
          ? 'every operation'
          : `${keys.length} operations`;
    comparer.compare(label, 'error', 'response', oldSchema, newSchema);
  }
}

/** Human-readable report: one section per kind, one line per change. */
export function formatSpecDiff(diff: SpecDiff): string {
  if (diff.changes.length === 0) return 'No client-visible changes.\n';
  const lines = [
    `Suggested bump: ${diff.bump} (${diff.counts.breaking} breaking, ${diff.counts.feature} features, ${diff.counts.fix} fixes)`,
  ];
  for (const kind of ['breaking', 'feature', 'fix'] as const) {
    const ofKind = diff.changes.filter((change) => change.kind === kind);
    if (ofKind.length === 0) continue;
    lines.push('', `${kind} (${BUMP_OF[kind]}):`);
    for (const change of ofKind) {
      lines.push(`  ${change.operation}${change.location ? ` ${change.location}` : ''}: ${change.message}`);
    }
  }
  return `${lines.join('\n')}\n`;
}
