import {
  cloneJson,
  own,
  SpecDocumentError,
  type JsonObject,
  type OpenApiDocument,
  type SchemaObject,
} from '../document/index.js';
import type { ErrorEnvelope } from '../overlay/index.js';
import { SchemaGraph, schemasOf } from './components.js';
import { declareErrorEnvelope } from './error-envelope.js';

/**
 * Splits one normalized document into the core and one document per extension. Each split
 * document copies the schemas it reaches, so many small extension routes reaching one large graph
 * would copy it once each: what a document would copy is added up (from each schema's size,
 * measured once) before it is copied, and the split is refused once all copies pass four times the
 * document's own schemas (plus 1 MiB for overlays). The real captures copy 1.0 to 1.4 times.
 */
export class DocumentSplitter {
  private readonly graph = new SchemaGraph();
  private readonly budget: number;
  private copied = 0;

  constructor(
    private readonly doc: OpenApiDocument,
    private readonly schemas: Record<string, SchemaObject>,
    private readonly envelope: ErrorEnvelope | undefined,
  ) {
    let total = 0;
    for (const schema of Object.values(schemas)) total += this.graph.bytes(schema);
    this.budget = 4 * total + 1024 * 1024;
  }

  /**
   * One split-off document: the given paths, the error envelope, and the schemas they reach.
   * `extra` schemas are kept although no route references them (extension argument models).
   */
  document(paths: Map<string, JsonObject>, title: string, extra: Record<string, SchemaObject> = {}): OpenApiDocument {
    const all = Object.keys(extra).length === 0 ? this.schemas : { ...this.schemas, ...extra };
    const sub: OpenApiDocument = {
      openapi: this.doc.openapi,
      info: { title, version: typeof this.doc.info.version === 'string' ? this.doc.info.version : '0.0.0' },
      paths: cloneJson(Object.fromEntries(paths)),
      components: { schemas: {} },
    };
    declareErrorEnvelope(sub, this.envelope);
    const named = (name: string) => own(schemasOf(sub), name) ?? own(all, name);
    const roots = {
      paths: sub.paths,
      extra: Object.keys(extra).map((name) => ({
        $ref: `#/components/schemas/${name.replaceAll('~', '~0').replaceAll('/', '~1')}`,
      })),
    };
    const keep = this.graph.reachable(roots, named);
    for (const name of keep) this.copied += this.graph.bytes(named(name) as SchemaObject);
    if (this.copied > this.budget) {
      throw new SpecDocumentError(
        'too-large',
        `splitting the document into its core and extension documents would copy more than ${this.budget} bytes ` +
          'of schemas (four times its own): its routes reach the same schemas over and over; refused',
      );
    }
    // No prototype: a schema named `__proto__` is a schema like any other.
    const schemas: Record<string, SchemaObject> = Object.create(null);
    for (const name of keep) schemas[name] = cloneJson(own(all, name) ?? (own(schemasOf(sub), name) as SchemaObject));
    sub.components = { schemas };
    return sub;
  }
}
