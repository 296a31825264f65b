import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { toJsonSchema, type Schema } from '../json-schema/index.js';

/** The parts of an OpenAPI 3.0 document the validator reads. */
export interface OpenApiLike {
  paths: Record<string, Record<string, unknown>>;
  components?: { schemas?: Record<string, unknown> };
}

export interface ValidationResult {
  valid: boolean;
  /** One line per problem: `/0/config must be string`. Empty when valid. */
  errors: string[];
}

export interface SpecValidator {
  /** Finds the document's path template matching a concrete path (`/file=x` style params included). */
  matchPath(path: string): string | undefined;
  /** Validates a JSON response body against the operation's schema for `status` (or `default`). */
  validateResponse(method: string, path: string, status: number, body: unknown): ValidationResult;
  /** Validates a JSON request body (strictly: no coercion). */
  validateRequestBody(method: string, path: string, body: unknown): ValidationResult;
}

const DOC_ID = 'sdwebui:spec';

function formatErrors(errors: readonly ErrorObject[] | null | undefined): string[] {
  return (errors ?? []).map((error) => `${error.instancePath || '/'} ${error.message ?? 'is invalid'}`);
}

function templateToRegExp(template: string): RegExp {
  const literal = template.split(/\{[^}]+\}/).map((part) => part.replace(/[.*+?^$()|[\]\\]/g, '\\$&'));
  return new RegExp(`^${literal.join('[^/]+')}$`);
}

function contentSchema(holder: unknown): unknown {
  const content = (holder as { content?: Record<string, { schema?: unknown }> } | undefined)?.content;
  return content?.['application/json']?.schema;
}

/**
 * Compiles validators for a normalized webui document. Schemas compile lazily, per operation,
 * and are cached: validating one route never pays for the 300-key `Options` model of another.
 */
export function createSpecValidator(doc: OpenApiLike): SpecValidator {
  const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
  ajv.addSchema({ $id: DOC_ID, components: toJsonSchema(doc.components ?? {}) as Schema });
  const compiled = new Map<string, ValidateFunction | null>();
  const templates = Object.keys(doc.paths).map((template) => ({ template, pattern: templateToRegExp(template) }));

  const rewriteRefs = (schema: unknown): unknown =>
    JSON.parse(JSON.stringify(toJsonSchema(schema)), (key, value: unknown) =>
      key === '$ref' && typeof value === 'string' && value.startsWith('#/') ? `${DOC_ID}${value}` : value,
    );

  const compile = (key: string, schema: unknown): ValidateFunction | null => {
    if (!compiled.has(key)) compiled.set(key, schema === undefined ? null : ajv.compile(rewriteRefs(schema) as Schema));
    return compiled.get(key) ?? null;
  };

  const operation = (method: string, path: string) => {
    const template = doc.paths[path] ? path : templates.find(({ pattern }) => pattern.test(path))?.template;
    const op = template === undefined ? undefined : doc.paths[template]?.[method.toLowerCase()];
    return { template, op: op as { responses?: Record<string, unknown>; requestBody?: unknown } | undefined };
  };

  const run = (validate: ValidateFunction | null, body: unknown, missing: string): ValidationResult => {
    if (validate === null) return { valid: false, errors: [missing] };
    const valid = validate(body);
    return { valid, errors: valid ? [] : formatErrors(validate.errors) };
  };

  return {
    matchPath: (path) =>
      operation('get', path).template ?? templates.find(({ pattern }) => pattern.test(path))?.template,
    validateResponse(method, path, status, body) {
      const { template, op } = operation(method, path);
      if (op === undefined)
        return { valid: false, errors: [`no operation ${method.toUpperCase()} ${path} in the document`] };
      const response = op.responses?.[String(status)] ?? op.responses?.default;
      const key = `${method} ${template} ${op.responses?.[String(status)] ? status : 'default'}`;
      return run(
        compile(key, contentSchema(response)),
        body,
        `${method.toUpperCase()} ${path} declares no JSON body for ${status}`,
      );
    },
    validateRequestBody(method, path, body) {
      const { template, op } = operation(method, path);
      if (op === undefined)
        return { valid: false, errors: [`no operation ${method.toUpperCase()} ${path} in the document`] };
      return run(
        compile(`${method} ${template} request`, contentSchema(op.requestBody)),
        body,
        `${method.toUpperCase()} ${path} takes no JSON body`,
      );
    },
  };
}
