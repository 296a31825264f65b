import type { Context } from 'hono';
import type { BoundRequest } from '../../webui/handlers/index.js';
import { PyFloat, pythonStr, type PyJson } from '../../webui/python/index.js';
import { RequestValidationError, type ValidationIssue } from '../errors/index.js';
import type { Schema } from '../pydantic/schema.js';
import { RequestModels, type Operation } from '../request-model/index.js';

type QueryParameter = { name: string; in: string; required?: boolean };

type OpenApiDoc = { paths: Record<string, Record<string, unknown>>; components?: { schemas?: Record<string, Schema> } };

/**
 * `StableDiffusionProcessingControl` fields typed as Python classes (`list[Unit]`, `list[PIL.Image]`):
 * the document holds a placeholder there; pydantic 2 accepts only null or an empty list and refuses
 * any item with `is_instance_of` (SD.Next's real code, fixtures README).
 */
const INSTANCE_FIELDS: Readonly<Record<string, string>> = { units: 'Unit', inputs: 'Image', inits: 'Image' };

/** The tags of `/caption`'s discriminated union, in the order pydantic lists them. */
const CAPTION_TAGS = ['openclip', 'tagger', 'vlm', 'analyze'];

/** A v2 error item in FastAPI's key order (`type, loc, msg, input[, ctx]`). */
const issue = (
  type: string,
  loc: Array<string | number>,
  msg: string,
  input: PyJson,
  ctx?: Record<string, PyJson>,
): ValidationIssue => (ctx ? { type, loc, msg, input, ctx } : { type, loc, msg, input });

/**
 * The request models of SD.Next's document, with what the document cannot say: `/caption`'s union is
 * chosen by `backend` (pydantic's tagged-union errors), and `/control`'s class-typed fields refuse items.
 * Validation itself is the mock's FastAPI/pydantic module for the document's schemas.
 */
export class SdnextRequestModels {
  private readonly models: RequestModels;

  constructor(private readonly doc: OpenApiDoc) {
    // SD.Next runs pydantic 2: the mock's v2 module, over SD.Next's own schemas.
    this.models = new RequestModels(doc, 2);
  }

  /** Reads a body as FastAPI does before dependencies run (the auth check reads it first). */
  readBody(c: Context): Promise<unknown> {
    return this.models.readBody(c);
  }

  /** The operation `method path`, for the auth check's body read. */
  operation(method: string, path: string): Operation {
    return this.models.operation(method, path);
  }

  bind(c: Context, method: string, path: string): BoundRequest {
    const operation = this.doc.paths[path]?.[method.toLowerCase()] as { parameters?: QueryParameter[] } | undefined;
    const bound = this.withRequiredQuery(this.models.operation(method, path).bind(c), c, operation?.parameters ?? []);
    const special =
      method !== 'POST'
        ? undefined
        : path === '/sdapi/v1/caption'
          ? () => this.captionBody(c)
          : path === '/sdapi/v1/control'
            ? () => this.controlBody(c, bound)
            : undefined;
    if (special === undefined) return bound;
    return {
      body: special,
      dict: () => bound.dict(),
      query: () => bound.query(),
      response: (value) => bound.response(value),
    };
  }

  /**
   * FastAPI's check of required query parameters (`/checkpoint?sd_model_checkpoint=`, `/lora?lora=`, …):
   * a missing one is `missing` at `["query", name]`, reported in parameter order with the others' errors.
   */
  private withRequiredQuery(bound: BoundRequest, c: Context, parameters: readonly QueryParameter[]): BoundRequest {
    const required = parameters.filter((item) => item.in === 'query' && item.required === true);
    if (required.length === 0) return bound;
    const query = (): Record<string, PyJson> => {
      const missing = required.filter((item) => c.req.query(item.name) === undefined).map((item) => item.name);
      let values: Record<string, PyJson> = {};
      let issues: ValidationIssue[] = [];
      try {
        values = bound.query();
      } catch (error) {
        if (!(error instanceof RequestValidationError)) throw error;
        issues = error.issues;
      }
      if (missing.length === 0 && issues.length === 0) return values;
      const all = [...issues, ...missing.map((name) => issue('missing', ['query', name], 'Field required', null))];
      const order = parameters.map((item) => item.name);
      throw new RequestValidationError(
        all.sort((a, b) => order.indexOf(String(a.loc[1])) - order.indexOf(String(b.loc[1]))),
      );
    };
    return { body: () => bound.body(), dict: () => bound.dict(), query, response: (value) => bound.response(value) };
  }

  /** `ReqCaptionDispatch`: a dict whose `backend` picks the model; errors located under the tag. */
  private async captionBody(c: Context): Promise<PyJson> {
    const value = await this.dictBody(c);
    const tag = value.backend;
    if (tag === undefined) {
      const msg = "Unable to extract tag using discriminator 'backend'";
      throw new RequestValidationError([
        issue('union_tag_not_found', ['body'], msg, value, { discriminator: "'backend'" }),
      ]);
    }
    if (typeof tag !== 'string' || !CAPTION_TAGS.includes(tag)) {
      const name = pythonStr(tag);
      const expected = CAPTION_TAGS.map((item) => `'${item}'`).join(', ');
      const msg = `Input tag '${name}' found using 'backend' does not match any of the expected tags: ${expected}`;
      const ctx = { discriminator: "'backend'", tag: name, expected_tags: expected };
      throw new RequestValidationError([issue('union_tag_invalid', ['body'], msg, value, ctx)]);
    }
    const variant = `ReqCaption${{ openclip: 'OpenCLIP', tagger: 'Tagger', vlm: 'VLM', analyze: 'Analyze' }[tag]}`;
    const result = this.models.dialect.coerce({ $ref: `#/components/schemas/${variant}` }, value, ['body', tag]);
    if (result.issues.length > 0) throw new RequestValidationError(result.issues);
    return result.value;
  }

  /** The body as a dict, as a model with fields refuses anything else (`model_attributes_type`). */
  private async dictBody(c: Context): Promise<Record<string, PyJson>> {
    const body = await this.models.readBody(c);
    if (body.kind === 'absent' || (body.kind === 'json' && body.value === null)) {
      throw new RequestValidationError([this.models.dialect.missingBody()]);
    }
    const value = body.kind === 'json' ? body.value : Buffer.from(body.value).toString('latin1');
    if (value !== null && typeof value === 'object' && !Array.isArray(value) && !(value instanceof PyFloat)) {
      return value as Record<string, PyJson>;
    }
    const msg = 'Input should be a valid dictionary or object to extract fields from';
    throw new RequestValidationError([issue('model_attributes_type', ['body'], msg, value)]);
  }

  /** The control request: its class-typed fields refuse any item, in field order with the other errors. */
  private async controlBody(c: Context, bound: BoundRequest): Promise<PyJson> {
    const body = await this.models.readBody(c);
    const value = body.kind === 'json' ? body.value : null;
    const instance: ValidationIssue[] = [];
    if (value !== null && typeof value === 'object' && !Array.isArray(value) && !(value instanceof PyFloat)) {
      for (const [field, cls] of Object.entries(INSTANCE_FIELDS)) {
        const items = (value as Record<string, PyJson>)[field];
        if (!Array.isArray(items)) continue;
        for (const [index, item] of items.entries()) {
          const msg = `Input should be an instance of ${cls}`;
          instance.push(issue('is_instance_of', ['body', field, index], msg, item, { class: cls }));
        }
      }
    }
    let validated: PyJson;
    try {
      validated = await bound.body();
    } catch (error) {
      if (error instanceof RequestValidationError && instance.length > 0) {
        throw new RequestValidationError(this.inFieldOrder([...instance, ...error.issues]));
      }
      throw error;
    }
    if (instance.length > 0) throw new RequestValidationError(instance);
    return validated;
  }

  /** Errors sorted by their field's position in the control model (pydantic reports in field order). */
  private inFieldOrder(issues: ValidationIssue[]): ValidationIssue[] {
    const fields = Object.keys(
      (this.doc.components?.schemas?.StableDiffusionProcessingControl?.properties ?? {}) as object,
    );
    const position = (item: ValidationIssue) => fields.indexOf(String(item.loc[1]));
    return issues
      .map((item, index) => ({ item, index }))
      .sort((a, b) => position(a.item) - position(b.item) || a.index - b.index)
      .map(({ item }) => item);
  }
}
