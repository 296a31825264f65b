import type { Context } from 'hono';
import type { BoundRequest } from '../../webui/handlers/index.js';
import { RequestValidationError } from '../errors/index.js';
import type { PyJson } from '../../webui/python/index.js';
import { parseJsonBody, type RequestBody } from '../json-body/index.js';
import { PydanticModel, type OptionalFieldModels, type Schema } from '../pydantic/index.js';

/**
 * The webui's generated processing models wrap every field of the processing class in
 * `Optional[...]`; the fields its API adds by hand keep their plain types and reject `null`
 * (`modules/api/models.py`). Added fields typed `Optional` (`script_name`, `force_task_id`,
 * `infotext`, `init_images`, `mask`) are left out: they take `null`.
 */
const WEBUI_OPTIONAL_FIELD_MODELS: OptionalFieldModels = {
  StableDiffusionProcessingTxt2Img: new Set([
    'sampler_index',
    'script_args',
    'send_images',
    'save_images',
    'alwayson_scripts',
  ]),
  StableDiffusionProcessingImg2Img: new Set([
    'sampler_index',
    'denoising_strength',
    'include_init_images',
    'script_args',
    'send_images',
    'save_images',
    'alwayson_scripts',
  ]),
};

type OpenApiDoc = { paths: Record<string, Record<string, unknown>>; components?: { schemas?: Record<string, Schema> } };

const missingBody = () =>
  new RequestValidationError([{ loc: ['body'], msg: 'field required', type: 'value_error.missing' }]);

/** Reads the body of `c` as FastAPI does (see `parseJsonBody`). */
export async function readBody(c: Context): Promise<RequestBody> {
  return parseJsonBody(new Uint8Array(await c.req.arrayBuffer()), c.req.header('content-type'));
}

/**
 * One operation of the spec (`METHOD path`) with FastAPI's request handling: the JSON body
 * against its body schema, query parameters against their schemas. Failures throw
 * `RequestValidationError` (422 `{"detail": […]}`).
 */
export class Operation {
  constructor(
    private readonly pydantic: PydanticModel,
    private readonly spec: Schema | undefined,
  ) {}

  /** This operation for one request: what its handler reads the body and query through. */
  bind(c: Context): BoundRequest {
    return new BoundOperation(this, c);
  }

  /** Whether FastAPI reads a body for this operation (before its dependencies run). */
  get hasBody(): boolean {
    return this.spec?.requestBody !== undefined;
  }

  /** The validated body, defaults filled in, unknown fields dropped. */
  async body(c: Context): Promise<PyJson> {
    const requestBody = this.spec?.requestBody as { content?: Record<string, { schema?: Schema }> } | undefined;
    const schema = requestBody?.content?.['application/json']?.schema ?? {};
    const body = await readBody(c);
    if (body.kind === 'absent' || body.value === null) throw missingBody();
    const { value, issues } = this.pydantic.coerce(schema, body.value, ['body']);
    if (issues.length > 0) throw new RequestValidationError(issues);
    return value;
  }

  /**
   * A body the webui takes as `Dict[str, Any]` (POST /options): pydantic's dict rules (`[]` is
   * `{}`, a list of pairs is a dict), values kept exactly as sent (the webui stores them as is).
   */
  async dict(c: Context): Promise<Record<string, PyJson>> {
    const body = await readBody(c);
    if (body.kind === 'absent' || body.value === null) throw missingBody();
    const { value, issues } = this.pydantic.coerce({ type: 'object' }, body.value, ['body']);
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
      const result = this.pydantic.coerce(parameter.schema ?? {}, raw, ['query', parameter.name]);
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
}

/** The operations of a profile's normalized spec, validated with the webui's own model rules. */
export class RequestModels {
  private readonly pydantic: PydanticModel;

  constructor(private readonly doc: OpenApiDoc) {
    this.pydantic = new PydanticModel(doc.components?.schemas ?? {}, WEBUI_OPTIONAL_FIELD_MODELS);
  }

  operation(method: string, path: string): Operation {
    return new Operation(this.pydantic, this.doc.paths[path]?.[method.toLowerCase()] as Schema | undefined);
  }
}
