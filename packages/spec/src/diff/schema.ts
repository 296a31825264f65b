import { isUnconstrained, nullableParts } from '../dialect/index.js';
import {
  isJsonObject,
  own,
  schemaNameFromRef,
  type Json,
  type JsonObject,
  type OpenApiDocument,
} from '../document/index.js';

export type ChangeKind = 'breaking' | 'feature' | 'fix';
export type Direction = 'request' | 'response';

export interface SpecChange {
  kind: ChangeKind;
  /** `POST /sdapi/v1/txt2img`, or undefined for document-level changes. */
  operation: string;
  /** Where in the operation: `body.scheduler`, `response.images[]`, `query.skip_current_image`. */
  location: string;
  message: string;
}

/**
 * A schema with `$ref`s and single-entry `allOf` wrappers (used for nullable refs) resolved,
 * and null taken out in either dialect (`nullable: true`, a `{"type": "null"}` branch, a
 * `type` array), so a 3.0 document and its 3.1 form compare equal.
 */
interface Resolved {
  schema: JsonObject;
  nullable: boolean;
  name?: string;
}

function resolve(doc: OpenApiDocument, schema: Json | undefined): Resolved {
  let node: JsonObject = isJsonObject(schema) ? schema : {};
  let nullable = false;
  let name: string | undefined;
  for (let hops = 0; hops < 32; hops++) {
    const parts = nullableParts(node);
    nullable ||= parts.nullable;
    node = parts.schema;
    if (typeof node.$ref === 'string') {
      name = schemaNameFromRef(node.$ref);
      node = (name !== undefined ? own(doc.components.schemas, name) : undefined) ?? {};
    } else if (Array.isArray(node.allOf) && node.allOf.length === 1 && isJsonObject(node.allOf[0])) {
      node = node.allOf[0];
    } else break;
  }
  // A value that may be anything may be null: `unknown` and `unknown | null` are one type.
  if (isUnconstrained(node)) nullable = false;
  return { schema: node, nullable, ...(name !== undefined ? { name } : {}) };
}

/** `integer`, or `integer | string` for a `type` array (OpenAPI 3.1); undefined when untyped. */
function typeOf(schema: JsonObject): string | undefined {
  if (typeof schema.type === 'string') return schema.type;
  if (Array.isArray(schema.type) && schema.type.every((type) => typeof type === 'string'))
    return [...schema.type].sort().join(' | ');
  return undefined;
}

/** The allowed values: `enum`, or a 3.1 `const` (one value). */
function valuesOf(schema: JsonObject): Json | undefined {
  return 'const' in schema && schema.enum === undefined ? [schema.const as Json] : schema.enum;
}

export function describeType(doc: OpenApiDocument, schema: Json | undefined): string {
  const { schema: node, nullable, name } = resolve(doc, schema);
  let base = name ?? typeOf(node) ?? 'any';
  if (node.type === 'array') base = `${describeType(doc, node.items)}[]`;
  return nullable ? `${base} | null` : base;
}

/**
 * Compares one schema across two documents and reports what a TypeScript client would feel.
 * `direction` matters: a field added to a request is a feature unless required; a field
 * removed anywhere breaks code that names it; a response field turning nullable breaks readers.
 */
export class SchemaComparer {
  readonly changes: SpecChange[] = [];
  private readonly visited = new Set<string>();

  constructor(
    private readonly oldDoc: OpenApiDocument,
    private readonly newDoc: OpenApiDocument,
  ) {}

  compare(
    operation: string,
    location: string,
    direction: Direction,
    oldSchema: Json | undefined,
    newSchema: Json | undefined,
  ): void {
    const before = resolve(this.oldDoc, oldSchema);
    const after = resolve(this.newDoc, newSchema);
    const visitKey = `${operation}|${direction}|${before.name ?? ''}|${after.name ?? ''}`;
    if (before.name !== undefined && after.name !== undefined) {
      if (this.visited.has(visitKey)) return;
      this.visited.add(visitKey);
    }
    const add = (kind: ChangeKind, message: string) => this.changes.push({ kind, operation, location, message });
    const oldType = typeOf(before.schema);
    const newType = typeOf(after.schema);

    if (oldType !== newType) {
      if (newType === undefined) add('breaking', `type ${oldType} became untyped (unknown)`);
      else if (oldType === undefined)
        add(direction === 'request' ? 'breaking' : 'feature', `untyped value became ${newType}`);
      else add('breaking', `type changed from ${oldType} to ${newType}`);
      return;
    }
    if (before.nullable !== after.nullable) {
      const widened = after.nullable;
      const kind: ChangeKind =
        direction === 'request' ? (widened ? 'feature' : 'breaking') : widened ? 'breaking' : 'fix';
      add(kind, `${widened ? 'now' : 'no longer'} nullable`);
    }
    this.compareEnum(add, direction, valuesOf(before.schema), valuesOf(after.schema));
    if (JSON.stringify(before.schema.default) !== JSON.stringify(after.schema.default) && location !== '') {
      add(
        'fix',
        `default changed from ${JSON.stringify(before.schema.default ?? null)} to ${JSON.stringify(after.schema.default ?? null)}`,
      );
    }
    if (oldType === 'array') {
      this.compare(operation, `${location}[]`, direction, before.schema.items, after.schema.items);
      const oldTuple = before.schema.prefixItems;
      const newTuple = after.schema.prefixItems;
      if (Array.isArray(oldTuple) && Array.isArray(newTuple)) {
        for (let index = 0; index < Math.max(oldTuple.length, newTuple.length); index++)
          this.compare(operation, `${location}[${index}]`, direction, oldTuple[index], newTuple[index]);
      }
    }
    if (isJsonObject(before.schema.additionalProperties) && isJsonObject(after.schema.additionalProperties)) {
      this.compare(
        operation,
        `${location}{}`,
        direction,
        before.schema.additionalProperties,
        after.schema.additionalProperties,
      );
    }
    this.compareProperties(operation, location, direction, before.schema, after.schema);
  }

  private compareEnum(
    add: (kind: ChangeKind, message: string) => void,
    direction: Direction,
    oldEnum: Json | undefined,
    newEnum: Json | undefined,
  ): void {
    if (!Array.isArray(oldEnum) || !Array.isArray(newEnum)) return;
    const oldValues = new Set(oldEnum.map((value) => JSON.stringify(value)));
    const newValues = new Set(newEnum.map((value) => JSON.stringify(value)));
    const added = [...newValues].filter((value) => !oldValues.has(value));
    const removed = [...oldValues].filter((value) => !newValues.has(value));
    if (added.length > 0)
      add(direction === 'request' ? 'feature' : 'breaking', `enum values added: ${added.join(', ')}`);
    if (removed.length > 0)
      add(direction === 'request' ? 'breaking' : 'fix', `enum values removed: ${removed.join(', ')}`);
  }

  private compareProperties(
    operation: string,
    location: string,
    direction: Direction,
    before: JsonObject,
    after: JsonObject,
  ): void {
    const oldProps = isJsonObject(before.properties) ? before.properties : {};
    const newProps = isJsonObject(after.properties) ? after.properties : {};
    const oldRequired = new Set(Array.isArray(before.required) ? before.required : []);
    const newRequired = new Set(Array.isArray(after.required) ? after.required : []);
    const field = (name: string) => (location === '' ? name : `${location}.${name}`);
    const push = (kind: ChangeKind, name: string, message: string) =>
      this.changes.push({ kind, operation, location: field(name), message });

    for (const name of Object.keys(newProps).sort()) {
      if (Object.hasOwn(oldProps, name)) continue;
      const required = newRequired.has(name);
      const type = describeType(this.newDoc, newProps[name]);
      if (direction === 'request')
        push(
          required ? 'breaking' : 'feature',
          name,
          `request field "${name}" added (${type}${required ? ', required' : ''})`,
        );
      else push('feature', name, `response field "${name}" added (${type})`);
    }
    for (const name of Object.keys(oldProps).sort()) {
      if (!Object.hasOwn(newProps, name)) {
        push('breaking', name, `${direction} field "${name}" removed`);
        continue;
      }
      const wasRequired = oldRequired.has(name);
      const isRequired = newRequired.has(name);
      if (wasRequired !== isRequired) {
        const breaking = direction === 'request' ? isRequired : !isRequired;
        push(
          breaking ? 'breaking' : 'fix',
          name,
          `${direction} field "${name}" is ${isRequired ? 'now required' : 'no longer required'}`,
        );
      }
      this.compare(operation, field(name), direction, oldProps[name], newProps[name]);
    }
  }
}
