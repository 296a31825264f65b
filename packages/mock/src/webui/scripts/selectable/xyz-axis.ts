import { pythonException } from '../../errors/index.js';
import { pyFloat, type PyJson } from '../../python/index.js';
import { findCheckpoint } from '../../catalogue/index.js';
import type { WebuiContext } from '../../generation/context.js';
import type { GenerationKind } from '../../generation/request.js';
import { pythonTypeName } from '../../generation/image-input.js';
import { XYZ_AXES } from '../catalogue.js';

export type AxisType = 'int' | 'float' | 'str';

/** What each axis the mock gives effect to sets on a cell; other axes only label the grid. */
const AXIS_EFFECTS: Record<string, { type: AxisType; field?: string; override?: string }> = {
  Seed: { type: 'int', field: 'seed' },
  'Var. seed': { type: 'int', field: 'subseed' },
  'Var. strength': { type: 'float', field: 'subseed_strength' },
  Steps: { type: 'int', field: 'steps' },
  'Hires steps': { type: 'int', field: 'hr_second_pass_steps' },
  'CFG Scale': { type: 'float', field: 'cfg_scale' },
  'Image CFG Scale': { type: 'float', field: 'image_cfg_scale' },
  'Prompt S/R': { type: 'str' },
  Sampler: { type: 'str', field: 'sampler_name' },
  'Hires sampler': { type: 'str', field: 'hr_sampler_name' },
  'Checkpoint name': { type: 'str', override: 'sd_model_checkpoint' },
  'Schedule type': { type: 'str', field: 'scheduler' },
  Eta: { type: 'float', field: 'eta' },
  'Clip skip': { type: 'int', override: 'CLIP_stop_at_last_layers' },
  Denoising: { type: 'float', field: 'denoising_strength' },
  'Hires upscaler': { type: 'str', field: 'hr_upscaler' },
  'UniPC Order': { type: 'int' },
  Size: { type: 'str' },
};

/** Values per axis: enough for any real plot, bounded for a mock. Items past it are never read or expanded. */
export const MAX_VALUES = 64;

/**
 * `csv_string_to_list_strip`: comma-separated, quotes allowed, items stripped; read lazily, so a
 * caller that stops after enough items leaves the rest of the text unscanned. Empty items are
 * yielded too (the webui drops them): the caller counts them as read, so a text of millions of
 * commas is not scanned to its end.
 */
function* csvItems(text: string): Generator<string> {
  const item = /\s*("(?:[^"]|"")*"|[^,]*),/g;
  const source = `${text},`;
  for (let match = item.exec(source); match !== null; match = item.exec(source)) {
    yield (match[1] as string)
      .replace(/^"(.*)"$/s, '$1')
      .replace(/""/g, '"')
      .trim();
  }
}

const NUMBER = String.raw`[+-]?\s*\d+(?:\.\d*)?`;
const RANGE = new RegExp(String.raw`^\s*(${NUMBER})\s*-\s*(${NUMBER})(?:\s*\(([+-]\s*\d+(?:\.\d*)?\s*)\))?\s*$`);
const COUNTED = new RegExp(String.raw`^\s*(${NUMBER})\s*-\s*(${NUMBER})\s*\[(\d+(?:\.\d*)?\s*)\]\s*$`);

/**
 * Expands `1-5`, `1-10 (+3)`, `1-10 [4]` for number axes, as xyz_grid's range patterns do, into
 * at most `room` values: the count is capped before any value is made.
 */
function expand(item: string, type: AxisType, room: number): string[] {
  if (type === 'str') return [item];
  const counted = COUNTED.exec(item);
  if (counted) {
    const [start, end] = [Number(counted[1]), Number(counted[2])];
    const n = Math.min(room, Math.floor(Number(counted[3])));
    const values = Array.from({ length: n }, (_, i) => start + (n === 1 ? 0 : ((end - start) * i) / (n - 1)));
    return values.map((value) => String(type === 'int' ? Math.trunc(value) : value));
  }
  const range = RANGE.exec(item);
  if (range) {
    const [start, end] = [Number(range[1]), Number(range[2])];
    const step = Number(range[3]?.replace(/\s/g, '') ?? '1') || 1;
    const values: string[] = [];
    for (let value = start; (step > 0 ? value <= end : value >= end) && values.length < room; value += step)
      values.push(String(value));
    return values;
  }
  return [item];
}

function convert(value: string, type: AxisType): PyJson {
  if (type === 'str') return value;
  const number = Number(value);
  if (value.trim() === '' || Number.isNaN(number) || (type === 'int' && !Number.isInteger(number))) {
    throw pythonException(
      'ValueError',
      `invalid literal for ${type}() with base 10: ${JSON.stringify(value.slice(0, 60))}`,
    );
  }
  return type === 'float' ? pyFloat(number) : number;
}

export interface Axis {
  label: string;
  /** What the grid's infotext writes as `X Values`: the text as sent, or the dropdown's items joined. */
  text: string;
  values: PyJson[];
}

/**
 * The first MAX_VALUES values of an axis's items: items are read, and ranges expanded, only until
 * that many are made (and at most MAX_VALUES items are read, empty ones, which make no value,
 * included, so neither ranges that expand to nothing nor runs of commas make the scan long).
 */
export function axisValues(items: Iterable<string>, type: AxisType): string[] {
  const values: string[] = [];
  let read = 0;
  for (const item of items) {
    if (item !== '') values.push(...expand(item, type, MAX_VALUES - values.length));
    if (values.length >= MAX_VALUES || ++read >= MAX_VALUES) break;
  }
  return values;
}

export function readAxis(
  ctx: WebuiContext,
  kind: GenerationKind,
  params: Record<string, PyJson>,
  typeIndex: unknown,
  text: unknown,
  dropdown: unknown,
  csvMode: boolean,
): Axis {
  if (typeof typeIndex !== 'number' || !Number.isInteger(typeIndex)) {
    throw pythonException(
      'TypeError',
      `list indices must be integers or slices, not ${pythonTypeName(typeIndex as PyJson)}`,
    );
  }
  const label = XYZ_AXES[kind].at(typeIndex);
  if (label === undefined || typeIndex < -XYZ_AXES[kind].length)
    throw pythonException('IndexError', 'list index out of range');
  if (label === 'Nothing') return { label, text: '', values: [0] };
  const effect = AXIS_EFFECTS[label] ?? { type: 'str' as const };
  const fromDropdown = !csvMode && Array.isArray(dropdown) && dropdown.length > 0;
  const items = fromDropdown
    ? (dropdown as unknown[]).slice(0, MAX_VALUES).map(String)
    : axisValues(csvItems(String(text ?? '')), effect.type);
  const values = items.map((item) => convert(item, effect.type));
  if (label === 'Prompt S/R' && values.length > 0) {
    const first = String(values[0]);
    if (!String(params.prompt ?? '').includes(first) && !String(params.negative_prompt ?? '').includes(first)) {
      throw pythonException('RuntimeError', `Prompt S/R did not find ${first} in prompt or negative prompt.`);
    }
  }
  if (label === 'Sampler' || label === 'Hires sampler') {
    for (const value of values) {
      if (!ctx.profile.samplers.some((item) => item.name === value || item.aliases.includes(String(value))))
        throw pythonException('RuntimeError', `Unknown sampler: ${String(value)}`);
    }
  }
  if (label === 'Checkpoint name') {
    for (const value of values)
      if (findCheckpoint(ctx.catalogue.checkpoints, String(value)) === undefined)
        throw pythonException('RuntimeError', `Unknown checkpoint: ${String(value)}`);
  }
  return { label, text: fromDropdown ? items.join(', ') : String(text ?? ''), values };
}

/** A cell's parameters with `axis` at `value`. Prompt S/R is left to the caller (`replacePrompts`), which sizes it first. */
export function applyAxis(
  params: Record<string, PyJson>,
  axis: Axis,
  value: PyJson,
  base: Record<string, PyJson>,
): Record<string, PyJson> {
  if (axis.label === 'Nothing' || axis.label === 'Prompt S/R') return params;
  const effect = AXIS_EFFECTS[axis.label];
  if (axis.label === 'Size') {
    const [width, height] = String(value)
      .split('x')
      .map((part) => Number(part.trim()));
    if (!Number.isInteger(width) || !Number.isInteger(height) || (width as number) < 1 || (height as number) < 1)
      throw pythonException(
        'ValueError',
        `invalid literal for int() with base 10: ${JSON.stringify(String(value).slice(0, 60))}`,
      );
    return { ...params, width: width as number, height: height as number };
  }
  if (effect?.field) return { ...params, [effect.field]: value };
  if (effect?.override)
    return {
      ...params,
      override_settings: { ...((base.override_settings ?? {}) as Record<string, PyJson>), [effect.override]: value },
    };
  return params;
}
