import type { Schema } from '../../../fastapi/pydantic/index.js';
import { pyFloat, type PyJson } from '../../python/index.js';

/**
 * `ADetailerArgs` of ADetailer 25.3.0 (`adetailer/args.py`) as the pydantic v1 JSON schema
 * `/adetailer/v1/schema` serves: every field in declaration order, titles title-cased,
 * `NonNegativeInt` → `minimum: 0`, `PositiveInt` → `exclusiveMinimum: 0`, optional fields
 * without a default. The model forbids unknown keys.
 */
type Field = [name: string, type: 'string' | 'boolean' | 'number' | 'integer', fallback?: unknown, bounds?: Schema];

const FIELDS: Field[] = [
  ['ad_model', 'string', 'None'],
  ['ad_model_classes', 'string', ''],
  ['ad_tab_enable', 'boolean', true],
  ['ad_prompt', 'string', ''],
  ['ad_negative_prompt', 'string', ''],
  ['ad_confidence', 'number', 0.3, { minimum: 0, maximum: 1 }],
  ['ad_mask_filter_method', 'string', 'Area', { enum: ['Area', 'Confidence'] }],
  ['ad_mask_k', 'integer', 0, { minimum: 0 }],
  ['ad_mask_min_ratio', 'number', 0, { minimum: 0, maximum: 1 }],
  ['ad_mask_max_ratio', 'number', 1, { minimum: 0, maximum: 1 }],
  ['ad_dilate_erode', 'integer', 4],
  ['ad_x_offset', 'integer', 0],
  ['ad_y_offset', 'integer', 0],
  ['ad_mask_merge_invert', 'string', 'None', { enum: ['None', 'Merge', 'Merge and Invert'] }],
  ['ad_mask_blur', 'integer', 4, { minimum: 0 }],
  ['ad_denoising_strength', 'number', 0.4, { minimum: 0, maximum: 1 }],
  ['ad_inpaint_only_masked', 'boolean', true],
  ['ad_inpaint_only_masked_padding', 'integer', 32, { minimum: 0 }],
  ['ad_use_inpaint_width_height', 'boolean', false],
  ['ad_inpaint_width', 'integer', 512, { exclusiveMinimum: 0 }],
  ['ad_inpaint_height', 'integer', 512, { exclusiveMinimum: 0 }],
  ['ad_use_steps', 'boolean', false],
  ['ad_steps', 'integer', 28, { exclusiveMinimum: 0 }],
  ['ad_use_cfg_scale', 'boolean', false],
  ['ad_cfg_scale', 'number', 7, { minimum: 0 }],
  ['ad_use_checkpoint', 'boolean', false],
  ['ad_checkpoint', 'string'],
  ['ad_use_vae', 'boolean', false],
  ['ad_vae', 'string'],
  ['ad_use_sampler', 'boolean', false],
  ['ad_sampler', 'string', 'DPM++ 2M Karras'],
  ['ad_scheduler', 'string', 'Use same scheduler'],
  ['ad_use_noise_multiplier', 'boolean', false],
  ['ad_noise_multiplier', 'number', 1, { minimum: 0.5, maximum: 1.5 }],
  ['ad_use_clip_skip', 'boolean', false],
  ['ad_clip_skip', 'integer', 1, { minimum: 1, maximum: 12 }],
  ['ad_restore_face', 'boolean', false],
  ['ad_controlnet_model', 'string', 'None'],
  ['ad_controlnet_module', 'string', 'None'],
  ['ad_controlnet_weight', 'number', 1, { minimum: 0, maximum: 1 }],
  ['ad_controlnet_guidance_start', 'number', 0, { minimum: 0, maximum: 1 }],
  ['ad_controlnet_guidance_end', 'number', 1, { minimum: 0, maximum: 1 }],
  ['is_api', 'boolean', true],
];

const title = (name: string) =>
  name
    .split('_')
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join(' ');

/** For the validator: `exclusiveMinimum` in the OpenAPI 3.0 boolean form it understands. */
export const AD_ARGS_SCHEMA: Schema = {
  type: 'object',
  properties: Object.fromEntries(
    FIELDS.map(([name, type, fallback, bounds = {}]) => {
      const { exclusiveMinimum, ...rest } = bounds as { exclusiveMinimum?: number };
      const limits =
        exclusiveMinimum === undefined ? rest : { ...rest, minimum: exclusiveMinimum, exclusiveMinimum: true };
      return [name, { type, ...(fallback === undefined ? { nullable: true } : { default: fallback }), ...limits }];
    }),
  ),
};

export const AD_FIELD_NAMES: ReadonlySet<string> = new Set(FIELDS.map(([name]) => name));

/** The body of `GET /adetailer/v1/schema`. Key order as pydantic v1 writes it: title, default, bounds, type. */
export const AD_ARGS_JSON_SCHEMA: PyJson = {
  title: 'ADetailerArgs',
  type: 'object',
  properties: Object.fromEntries(
    FIELDS.map(([name, type, fallback, bounds = {}]) => {
      const { enum: choices, ...limits } = bounds as { enum?: string[]; [key: string]: unknown };
      // Float fields print their numbers as Python floats (`1.0`).
      const num = (value: unknown) =>
        type === 'number' && typeof value === 'number' ? pyFloat(value) : (value as PyJson);
      const numericLimits = Object.fromEntries(Object.entries(limits).map(([key, value]) => [key, num(value)]));
      return [
        name,
        {
          title: title(name),
          ...(fallback === undefined ? {} : { default: num(fallback) }),
          ...numericLimits,
          ...(choices ? { enum: choices } : {}),
          type,
        },
      ];
    }),
  ),
  additionalProperties: false,
};
