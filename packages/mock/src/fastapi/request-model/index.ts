import type { Context } from 'hono';
import type { BoundRequest } from '../../webui/handlers/index.js';
import { RequestValidationError, ResponseValidationError } from '../errors/index.js';
import type { PyJson } from '../../webui/python/index.js';
import { parseJsonBody, type RequestBody } from '../json-body/index.js';
import type { Schema } from '../pydantic/schema.js';
import type { ValidationDialect } from './dialect.js';
import { webuiDialect } from './webui-models.js';

type OpenApiDoc = { paths: Record<string, Record<string, unknown>>; components?: { schemas?: Record<string, Schema> } };

/** Reads the body of `c` as FastAPI does (see `parseJsonBody`), broken JSON worded by `dialect`. */
async function readBody(c: Context, dialect: ValidationDialect): Promise<RequestBody> {
  return parseJsonBody(new Uint8Array(await c.req.arrayBuffer()), c.req.header('content-type'), dialect.invalidJson);
}

/**
 * One operation of the spec (`METHOD path`) with FastAPI's request handling: the JSON body
 * against its body schema, query parameters against their schemas. Failures throw
 * `RequestValidationError` (422 `{"detail": […]}`).
 */
export class Operation {
  constructor(
    private readonly dialect: ValidationDialect,
    private readonly spec: Schema | undefined,
  ) {}

  /** This operation for one request: what its handler reads the body and query through. */
  bind(c: Context): BoundRequest {
    return new BoundOperation(this, c);
  }

  /**
   * Whether pydantic 2 serializes this operation's answer through its response model (the
   * document names a 200 schema), which writes NaN and infinity as `null`; FastAPI 0.94 and routes
   * without a model hand the value to `json.dumps`, which refuses them.
   */
  get modelNulls(): boolean {
    return this.dialect.generation === 2 && this.responseModel !== undefined;
  }

  /** The 200 answer's schema, when it names one (FastAPI's `response_model`). */
  private get responseModel(): Schema | undefined {
    const ok = (
      this.spec?.responses as Record<string, { content?: Record<string, { schema?: Schema }> }> | undefined
    )?.['200'];
    const schema = ok?.content?.['application/json']?.schema;
    return schema !== undefined && Object.keys(schema).length > 0 ? schema : undefined;
  }

  /**
   * A handler's answer as pydantic 2 passes it through the response model: validated (lax), model
   * order and defaults; one that fails is FastAPI's `ResponseValidationError`. Unchanged under
   * pydantic 1 (whose handlers coerce what they return themselves).
   */
  response(value: PyJson): PyJson {
    const schema = this.responseModel;
    if (this.dialect.generation !== 2 || schema === undefined) return value;
    const result = this.dialect.coerce(schema, value, ['response']);
    if (result.issues.length > 0) throw new ResponseValidationError(result.issues, value);
    return result.value;
  }

  /** Whether FastAPI reads a body for this operation (before its dependencies run). */
  get hasBody(): boolean {
    return this.spec?.requestBody !== undefined;
  }

  /** The validated body, defaults filled in, unknown fields dropped. */
  async body(c: Context): Promise<PyJson> {
    const requestBody = this.spec?.requestBody as { content?: Record<string, { schema?: Schema }> } | undefined;
    const schema = requestBody?.content?.['application/json']?.schema ?? {};
    const body = await readBody(c, this.dialect);
    if (body.kind === 'absent' || body.value === null) throw new RequestValidationError([this.dialect.missingBody()]);
    const { value, issues } = this.dialect.coerce(schema, body.value, ['body']);
    if (issues.length > 0) throw new RequestValidationError(issues);
    return value;
  }

  /**
   * A body the webui takes as `Dict[str, Any]` (POST /options): pydantic's dict rules (`[]` is
   * `{}`, a list of pairs is a dict), values kept exactly as sent (the webui stores them as is).
   */
  async dict(c: Context): Promise<Record<string, PyJson>> {
    const body = await readBody(c, this.dialect);
    if (body.kind === 'absent' || body.value === null) throw new RequestValidationError([this.dialect.missingBody()]);
    const { value, issues } = this.dialect.coerce({ type: 'object' }, body.value, ['body']);
    if (issues.length > 0) throw new RequestValidationError(issues);
    return value as Record<string, PyJson>;
  }

  /** Validated query parameters (absent ones get their defaults); a repeated one is read last-wins, as in Starlette. */
  query(c: Context): Record<string, PyJson> {
    const parameters = (this.spec?.parameters ?? []) as Array<{ name: string; in: string; schema?: Schema }>;
    const values: Record<string, PyJson> = {};
    const issues = [];
    for (const parameter of parameters.filter((item) => item.in === 'query')) {
      const raw = c.req.queries(parameter.name)?.at(-1);
      if (raw === undefined) {
        values[parameter.name] = (parameter.schema?.default ?? null) as PyJson;
        continue;
      }
      const result = this.dialect.coerce(parameter.schema ?? {}, raw, ['query', parameter.name]);
      issues.push(...result.issues);
      values[parameter.name] = result.value;
    }
    if (issues.length > 0) throw new RequestValidationError(issues);
    return values;
  }
}

/** An operation bound to one request: one object per request, its methods shared. */
class BoundOperation implements BoundRequest {
  constructor(
    private readonly operation: Operation,
    private readonly c: Context,
  ) {}

  body(): Promise<PyJson> {
    return this.operation.body(this.c);
  }

  dict(): Promise<Record<string, PyJson>> {
    return this.operation.dict(this.c);
  }

  query(): Record<string, PyJson> {
    return this.operation.query(this.c);
  }

  response(value: PyJson): PyJson {
    return this.operation.response(value);
  }
}

/**
 * The operations of the document a profile serves, validated with the webui's own model rules under
 * its pydantic generation (`webuiDialect`).
 */
export class RequestModels {
  readonly dialect: ValidationDialect;

  constructor(
    private readonly doc: OpenApiDoc,
    generation: 1 | 2 = 1,
  ) {
    this.dialect = webuiDialect(generation, doc.components?.schemas ?? {});
  }

  operation(method: string, path: string): Operation {
    return new Operation(this.dialect, this.doc.paths[path]?.[method.toLowerCase()] as Schema | undefined);
  }

  /** Reads a body as FastAPI does before dependencies run (the auth check reads it first). */
  readBody(c: Context): Promise<RequestBody> {
    return readBody(c, this.dialect);
  }
}
