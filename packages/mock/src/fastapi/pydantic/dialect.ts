import type { ValidationIssue } from '../errors/index.js';
import { lineAndColumn, type JsonFailure } from '../json-body/index.js';
import type { ValidationDialect } from '../request-model/dialect.js';
import { type OptionalFieldModels, PydanticModel } from './index.js';
import type { Schema } from './schema.js';

/** FastAPI 0.94 + pydantic 1 (A1111's stack): v1 validation and its error items. */
export function pydanticV1Dialect(
  schemas: Record<string, Schema>,
  optionalFields: OptionalFieldModels,
): ValidationDialect {
  const model = new PydanticModel(schemas, optionalFields);
  return {
    generation: 1,
    coerce: (schema, value, loc) => model.coerce(schema, value, loc),
    missingBody: () => ({ loc: ['body'], msg: 'field required', type: 'value_error.missing' }),
    invalidJson: async ({ text, pos, msg }: JsonFailure): Promise<ValidationIssue> => {
      const { lineno, colno } = await lineAndColumn(text, pos);
      return {
        loc: ['body', pos],
        msg: `${msg}: line ${lineno} column ${colno} (char ${pos})`,
        type: 'value_error.jsondecode',
        ctx: { msg, doc: text, pos, lineno, colno },
      };
    },
  };
}
