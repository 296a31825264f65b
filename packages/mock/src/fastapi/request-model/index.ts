import type { Context } from 'hono';
import { RequestValidationError } from '../errors/index.js';
import { parseJsonBody } from '../json-body/index.js';
import { PydanticModel, type Schema } from '../pydantic/index.js';
import type { PyJson } from '../python-json/index.js';

/**
 * Validates requests against the profile's normalized spec with FastAPI's rules, for the
 * route handlers: a JSON body against the operation's body schema, query parameters against
 * their parameter schemas. Failures throw `RequestValidationError` (422 `{"detail": […]}`).
 */
export class RequestModels {
  private readonly pydantic: PydanticModel;

  constructor(private readonly doc: { paths: Record<string, Record<string, unknown>>; components?: { schemas?: Record<string, Schema> } }) {
    this.pydantic = new PydanticModel(doc.components?.schemas ?? {});
  }

  private operation(method: string, path: string): Schema | undefined {
    return this.doc.paths[path]?.[method.toLowerCase()] as Schema | undefined;
  }

  /** The validated body of `METHOD path`, defaults filled in, unknown fields dropped. */
  async body(c: Context, method: string, path: string): Promise<PyJson> {
    const requestBody = this.operation(method, path)?.requestBody as { content?: Record<string, { schema?: Schema }> } | undefined;
    const schema = requestBody?.content?.['application/json']?.schema ?? {};
    const parsed = parseJsonBody(new Uint8Array(await c.req.arrayBuffer()), c.req.header('content-type'));
    if (!parsed.ok) throw new RequestValidationError([parsed.issue]);
    if (parsed.value === undefined) {
      throw new RequestValidationError([{ loc: ['body'], msg: 'field required', type: 'value_error.missing' }]);
    }
    const { value, issues } = this.pydantic.coerce(schema, parsed.value, ['body']);
    if (issues.length > 0) throw new RequestValidationError(issues);
    return value;
  }

  /**
   * A body the webui takes as `Dict[str, Any]` (POST /options): only "is it an object" is
   * checked, and values are kept exactly as sent (the webui stores them without coercion).
   */
  async rawObject(c: Context): Promise<Record<string, unknown>> {
    const parsed = parseJsonBody(new Uint8Array(await c.req.arrayBuffer()), c.req.header('content-type'));
    if (!parsed.ok) throw new RequestValidationError([parsed.issue]);
    if (parsed.value === undefined) throw new RequestValidationError([{ loc: ['body'], msg: 'field required', type: 'value_error.missing' }]);
    if (parsed.value === null || typeof parsed.value !== 'object' || Array.isArray(parsed.value) || parsed.value instanceof Uint8Array) {
      throw new RequestValidationError([{ loc: ['body'], msg: 'value is not a valid dict', type: 'type_error.dict' }]);
    }
    return parsed.value as Record<string, unknown>;
  }

  /** Validated query parameters of `METHOD path` (absent ones get their defaults). */
  query(c: Context, method: string, path: string): Record<string, PyJson> {
    const parameters = (this.operation(method, path)?.parameters ?? []) as Array<{ name: string; in: string; schema?: Schema; required?: boolean }>;
    const values: Record<string, PyJson> = {};
    const issues = [];
    for (const parameter of parameters.filter((item) => item.in === 'query')) {
      const raw = c.req.query(parameter.name);
      if (raw === undefined) {
        values[parameter.name] = (parameter.schema?.default ?? null) as PyJson;
        continue;
      }
      const result = this.pydantic.coerce(parameter.schema ?? {}, raw, ['query', parameter.name]);
      issues.push(...result.issues);
      values[parameter.name] = result.value;
    }
    if (issues.length > 0) throw new RequestValidationError(issues);
    return values;
  }
}
