import type { ValidationDialect } from '../request-model/dialect.js';
import type { Schema } from '../pydantic/schema.js';
import { type FiniteFields, PydanticV2Model } from './index.js';
import { issue } from './issues.js';

/**
 * FastAPI ≥ 0.100 + pydantic 2 (Forge's stack): v2 validation; a missing body is `missing` with
 * `input` null; broken JSON is `json_invalid` at `["body", pos]` with `input` `{}` and the decoder's
 * message in `ctx.error` (no line or column, no copy of the body).
 */
export function pydanticV2Dialect(schemas: Record<string, Schema>, finite: FiniteFields): ValidationDialect {
  const model = new PydanticV2Model(schemas, finite);
  return {
    generation: 2,
    coerce: (schema, value, loc) => model.coerce(schema, value, loc),
    missingBody: () => issue('missing', ['body'], null),
    invalidJson: ({ pos, msg }) => issue('json_invalid', ['body', pos], {}, { error: msg }),
  };
}
