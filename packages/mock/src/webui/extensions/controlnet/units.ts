import type { ValidationIssue } from '../../../fastapi/errors/index.js';
import { PyFloat, pythonStr, type PyJson } from '../../python/index.js';
import { PydanticModel, type Schema } from '../../../fastapi/pydantic/index.js';
import { SD_WEBUI_CONTROLNET } from './flavour.js';
import type { Preprocessor } from './preprocessors.js';

/**
 * `ControlNetUnit` of sd-webui-controlnet ≥ 1.1.448 (`internal_controlnet/args.py`): a pydantic
 * v1 model with `extra = "ignore"`, legacy aliases, string enums and its own validators.
 */
export interface ControlNetUnit {
  enabled: boolean;
  module: string;
  model: string;
  weight: PyJson;
  image: unknown;
  mask: unknown;
  resize_mode: string;
  processor_res: PyJson;
  threshold_a: PyJson;
  threshold_b: PyJson;
  guidance_start: PyJson;
  guidance_end: PyJson;
  pixel_perfect: boolean;
  control_mode: string;
  hr_option: string;
  save_detected_map: boolean;
  preprocessor: Preprocessor;
}

const RESIZE_MODES: Record<string, string> = {
  'Just Resize': 'Just Resize',
  'Crop and Resize': 'Crop and Resize',
  'Resize and Fill': 'Resize and Fill',
  'Inner Fit (Scale to Fit)': 'Crop and Resize',
  'Scale to Fit (Inner Fit)': 'Crop and Resize',
  'Outer Fit (Shrink to Fit)': 'Resize and Fill',
  'Envelope (Outer Fit)': 'Resize and Fill',
};
const ENUMS: Record<string, readonly string[]> = {
  control_mode: ['Balanced', 'My prompt is more important', 'ControlNet is more important'],
  hr_option: ['Both', 'Low res only', 'High res only'],
  pulid_mode: ['Fidelity', 'Extremely style'],
  union_control_type: [
    'OpenPose',
    'Depth',
    'Soft Edge',
    'Hard Edge',
    'Normal Map',
    'Segmentation',
    'Tile',
    'Inpaint',
    'Unknown',
  ],
};

const number = (def: number, min?: number, max?: number): Schema => ({
  type: 'number',
  default: def,
  minimum: min,
  maximum: max,
});
const UNIT_SCHEMA: Schema = {
  type: 'object',
  properties: {
    enabled: { type: 'boolean', default: false },
    module: { type: 'string', default: 'none' },
    model: { type: 'string', default: 'None' },
    weight: number(1, 0, 2),
    image: {},
    mask: {},
    resize_mode: { default: 'Crop and Resize' },
    low_vram: { type: 'boolean', default: false },
    processor_res: { type: 'integer', default: -1 },
    threshold_a: number(-1),
    threshold_b: number(-1),
    guidance_start: number(0, 0, 1),
    guidance_end: number(1, 0, 1),
    pixel_perfect: { type: 'boolean', default: false },
    control_mode: { default: 'Balanced' },
    inpaint_crop_input_image: { type: 'boolean', default: true },
    hr_option: { default: 'Both' },
    save_detected_map: { type: 'boolean', default: true },
    advanced_weighting: { type: 'array', items: { type: 'number' }, nullable: true },
    effective_region_mask: { type: 'string', nullable: true },
    pulid_mode: { default: 'Fidelity' },
    union_control_type: { default: 'Unknown' },
    ipadapter_input: { nullable: true },
  },
};

const model = new PydanticModel({});

/** A unit the extension refused: the pydantic error, as the console prints it. */
export class UnitValidationError extends Error {
  constructor(readonly issues: ValidationIssue[]) {
    super(issues.map((issue) => issue.msg).join('; '));
  }
}

/** `legacy_field_alias`: old names are moved to the new ones before validation; both at once is an error. */
function resolveAliases(input: Record<string, unknown>): Record<string, unknown> {
  const out = { ...input };
  for (const [alias, name] of [
    ['guidance', 'guidance_end'],
    ['lowvram', 'low_vram'],
    ['input_image', 'image'],
  ] as const) {
    if (!(alias in out)) continue;
    if (name in out)
      throw new UnitValidationError([
        { loc: ['__root__'], msg: `Conflict of field '${alias}' and '${name}'`, type: 'value_error' },
      ]);
    out[name] = out[alias];
    delete out[alias];
  }
  if ('mask_image' in out) {
    if ('mask' in out)
      throw new UnitValidationError([
        { loc: ['__root__'], msg: "Cannot specify both 'mask' and 'mask_image'!", type: 'value_error' },
      ]);
    out.mask = out.mask_image;
    delete out.mask_image;
  }
  return out;
}

function enumIssue(field: string, permitted: readonly string[]): ValidationIssue {
  const list = permitted.map((value) => `'${value}'`).join(', ');
  return {
    loc: [field],
    msg: `value is not a valid enumeration member; permitted: ${list}`,
    type: 'type_error.enum',
    ctx: { enum_values: list },
  };
}

/** Validates one unit dict as the extension does; throws `UnitValidationError` with pydantic's issues. */
export function parseUnit(input: Record<string, unknown>): ControlNetUnit {
  const raw = resolveAliases(input);
  const { value, issues } = model.coerce(UNIT_SCHEMA, raw as PyJson, []);
  const unit = value as Record<string, PyJson>;
  const resize = typeof raw.resize_mode === 'string' ? RESIZE_MODES[raw.resize_mode] : undefined;
  if ('resize_mode' in raw && resize === undefined) {
    issues.push(
      typeof raw.resize_mode === 'string'
        ? enumIssue('resize_mode', Object.keys(RESIZE_MODES).slice(0, 3))
        : { loc: ['resize_mode'], msg: '', type: 'assertion_error' },
    );
  }
  for (const [field, permitted] of Object.entries(ENUMS)) {
    if (field in raw && !(typeof raw[field] === 'string' && permitted.includes(raw[field] as string)))
      issues.push(enumIssue(field, permitted));
  }
  if (Array.isArray(raw.ipadapter_input) && raw.ipadapter_input.length === 0) {
    issues.push({ loc: ['ipadapter_input'], msg: 'input cannot be empty', type: 'value_error' });
  }
  const preprocessor = typeof unit.module === 'string' ? SD_WEBUI_CONTROLNET.findModule(unit.module) : undefined;
  if (typeof unit.module === 'string' && preprocessor === undefined) {
    issues.push({
      loc: ['module'],
      msg: `module(${unit.module}) not found in supported modules.`,
      type: 'value_error',
    });
  }
  const start = unit.guidance_start instanceof PyFloat ? unit.guidance_start.value : undefined;
  const end = unit.guidance_end instanceof PyFloat ? unit.guidance_end.value : undefined;
  if (start !== undefined && end !== undefined && start > end) {
    issues.push({
      loc: ['__root__'],
      msg:
        `guidance_start(${pythonStr(unit.guidance_start as PyJson)}) > ` +
        `guidance_end(${pythonStr(unit.guidance_end as PyJson)})`,
      type: 'value_error',
    });
  }
  if (issues.length > 0 || preprocessor === undefined) throw new UnitValidationError(issues);
  return {
    enabled: unit.enabled as boolean,
    module: unit.module as string,
    model: unit.model as string,
    weight: unit.weight as PyJson,
    image: raw.image ?? null,
    mask: raw.mask ?? null,
    resize_mode: resize ?? 'Crop and Resize',
    processor_res: unit.processor_res as PyJson,
    threshold_a: unit.threshold_a as PyJson,
    threshold_b: unit.threshold_b as PyJson,
    guidance_start: unit.guidance_start as PyJson,
    guidance_end: unit.guidance_end as PyJson,
    pixel_perfect: unit.pixel_perfect as boolean,
    control_mode: (raw.control_mode as string | undefined) ?? 'Balanced',
    hr_option: (raw.hr_option as string | undefined) ?? 'Both',
    save_detected_map: unit.save_detected_map as boolean,
    preprocessor,
  };
}
