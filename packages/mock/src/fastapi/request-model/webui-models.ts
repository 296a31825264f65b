import type { FiniteFields } from '../pydantic-v2/index.js';
import { pydanticV2Dialect } from '../pydantic-v2/dialect.js';
import { pydanticV1Dialect } from '../pydantic/dialect.js';
import type { OptionalFieldModels } from '../pydantic/index.js';
import type { Schema } from '../pydantic/schema.js';
import type { ValidationDialect } from './dialect.js';

/**
 * What the webui's request models say that their OpenAPI document does not, per framework generation.
 *
 * pydantic v1 (A1111 1.x): the generated processing models wrap every field of the processing
 * class in `Optional[...]`; the fields its API adds by hand keep their plain types and reject
 * `null` (`modules/api/models.py`). Added fields typed `Optional` (`script_name`, `force_task_id`,
 * `infotext`, `init_images`, `mask`) are left out: they take `null`. (A v1 document has no
 * `nullable`, so this cannot be read from it.)
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

/**
 * pydantic v2 (Forge): `ExtrasBaseRequest`'s visibility and weight floats are declared
 * `allow_inf_nan=False` (Forge `modules/api/models.py`), which JSON Schema cannot express: NaN and
 * infinity are `finite_number` there. (`Optional` is in the 3.1 document itself.)
 */
const EXTRAS_FINITE = new Set([
  'gfpgan_visibility',
  'codeformer_visibility',
  'codeformer_weight',
  'extras_upscaler_2_visibility',
]);
const FORGE_FINITE_FIELDS: FiniteFields = {
  ExtrasSingleImageRequest: EXTRAS_FINITE,
  ExtrasBatchImagesRequest: EXTRAS_FINITE,
};

/** The validation of the webui's API under pydantic `generation`, over a document's schemas. */
export function webuiDialect(generation: 1 | 2, schemas: Record<string, Schema>): ValidationDialect {
  return generation === 2
    ? pydanticV2Dialect(schemas, FORGE_FINITE_FIELDS)
    : pydanticV1Dialect(schemas, WEBUI_OPTIONAL_FIELD_MODELS);
}
