export { toJsonSchema, type Schema } from './json-schema/index.js';
export {
  createSpecValidator,
  type SpecValidator,
  type ValidationResult,
  type OpenApiLike,
} from './spec-validator/index.js';
