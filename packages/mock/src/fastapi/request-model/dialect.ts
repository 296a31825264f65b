import type { ValidationIssue } from '../errors/index.js';
import type { InvalidJsonIssue } from '../json-body/index.js';
import type { PyJson } from '../../webui/python/index.js';
import type { Schema } from '../pydantic/schema.js';

/**
 * One generation of FastAPI + pydantic, as request handling meets it: how a value is validated
 * against a schema and how the framework words the errors that come before validation.
 * `pydanticV1Dialect` (FastAPI 0.94, A1111) and `pydanticV2Dialect` (FastAPI 0.1xx, Forge).
 */
export interface ValidationDialect {
  /** pydantic's major version. */
  readonly generation: 1 | 2;
  /** Validates a present value against `schema`; `loc` is FastAPI's location prefix (`['body']`). */
  coerce(
    schema: Schema,
    value: PyJson | Uint8Array,
    loc: Array<string | number>,
  ): { value: PyJson; issues: ValidationIssue[] };
  /** The item for a required body that is absent or JSON `null`. */
  missingBody(): ValidationIssue;
  /** The item for a body `json.loads` refused. */
  invalidJson: InvalidJsonIssue;
}
