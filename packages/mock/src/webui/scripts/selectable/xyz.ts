import { randomInt } from 'node:crypto';
import { pythonException } from '../../errors/index.js';
import { pyFloat, type PyJson } from '../../python/index.js';
import { findCheckpoint } from '../../catalogue/index.js';
import type { WebuiContext } from '../../generation/context.js';
import type { GenerationKind } from '../../generation/request.js';
import { XYZ_AXES } from '../catalogue.js';
import { asBool } from './args.js';
import { combinedInfo, gridPng, type JobOutput, type ProcessImages } from './job.js';

type AxisType = 'int' | 'float' | 'str';

const pythonTypeName = (value: unknown): string =>
  value === null
    ? 'NoneType'
    : typeof value === 'string'
      ? 'str'
      : typeof value === 'boolean'
        ? 'bool'
        : Array.isArray(value)
          ? 'list'
          : typeof value === 'object'
            ? 'dict'
            : 'float';

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

/** Cells per axis and in all: enough for any real plot, bounded for a mock. */
const MAX_VALUES = 64;
const MAX_CELLS = 256;

/** `csv_string_to_list_strip`: comma-separated, quotes allowed, items stripped. */
function csvList(text: string): string[] {
  return [...`${text},`.matchAll(/\s*("(?:[^"]|"")*"|[^,]*),/g)]
    .map((match) =>
      (match[1] as string)
        .replace(/^"(.*)"$/s, '$1')
        .replace(/""/g, '"')
        .trim(),
    )
    .filter((item) => item !== '');
}

/** Expands `1-5`, `1-10 (+3)`, `1-10 [4]` for number axes, as xyz_grid's range patterns do. */
function expand(item: string, type: AxisType): string[] {
  if (type === 'str') return [item];
  const range =
    /^\s*([+-]?\s*\d+(?:\.\d*)?)\s*-\s*([+-]?\s*\d+(?:\.\d*)?)(?:\s*\(([+-]\s*\d+(?:\.\d*)?\s*)\))?\s*$/.exec(item);
  const count = /^\s*([+-]?\s*\d+(?:\.\d*)?)\s*-\s*([+-]?\s*\d+(?:\.\d*)?)\s*\[(\d+(?:\.\d*)?\s*)\]\s*$/.exec(item);
  if (count) {
    const [start, end, n] = [Number(count[1]), Number(count[2]), Math.min(MAX_VALUES, Math.floor(Number(count[3])))];
    const values = Array.from({ length: n }, (_, i) => start + (n === 1 ? 0 : ((end - start) * i) / (n - 1)));
    return values.map((value) => String(type === 'int' ? Math.trunc(value) : value));
  }
  if (range) {
    const [start, end] = [Number((range as RegExpExecArray)[1]), Number((range as RegExpExecArray)[2])];
    const step = Number((range as RegExpExecArray)[3]?.replace(/\s/g, '') ?? '1') || 1;
    const values: string[] = [];
    for (let value = start; (step > 0 ? value <= end : value >= end) && values.length < MAX_VALUES; value += step)
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

interface Axis {
  label: string;
  text: string;
  values: PyJson[];
}

function readAxis(
  ctx: WebuiContext,
  kind: GenerationKind,
  params: Record<string, PyJson>,
  typeIndex: unknown,
  text: unknown,
  dropdown: unknown,
  csvMode: boolean,
): Axis {
  if (typeof typeIndex !== 'number' || !Number.isInteger(typeIndex)) {
    throw pythonException('TypeError', `list indices must be integers or slices, not ${pythonTypeName(typeIndex)}`);
  }
  const label = XYZ_AXES[kind].at(typeIndex);
  if (label === undefined || typeIndex < -XYZ_AXES[kind].length)
    throw pythonException('IndexError', 'list index out of range');
  if (label === 'Nothing') return { label, text: '', values: [0] };
  const effect = AXIS_EFFECTS[label] ?? { type: 'str' as const };
  const fromDropdown = !csvMode && Array.isArray(dropdown) && dropdown.length > 0;
  const items = fromDropdown
    ? (dropdown as unknown[]).map(String)
    : csvList(String(text ?? '')).flatMap((item) => expand(item, effect.type));
  const values = items.slice(0, MAX_VALUES).map((item) => convert(item, effect.type));
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

function applyAxis(
  params: Record<string, PyJson>,
  axis: Axis,
  value: PyJson,
  base: Record<string, PyJson>,
): Record<string, PyJson> {
  if (axis.label === 'Nothing') return params;
  const effect = AXIS_EFFECTS[axis.label];
  if (axis.label === 'Prompt S/R') {
    const from = String(axis.values[0]);
    return {
      ...params,
      prompt: String(params.prompt ?? '').replaceAll(from, String(value)),
      negative_prompt: String(params.negative_prompt ?? '').replaceAll(from, String(value)),
    };
  }
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

/**
 * `scripts/xyz_grid.py` (1.10 argument layout): one job per cell (x fastest), seeds fixed first
 * unless "Keep -1 for seeds"; the result is the main grid, then the sub-grids (one per Z value)
 * and the cells when asked (`Include Sub Grids`, `Include Sub Images`). The grid's infotext is
 * the first cell's plus `Script`, `X Type`, `X Values`, … (inferred: `index_of_first_image` 1).
 */
export async function runXyz(
  ctx: WebuiContext,
  kind: GenerationKind,
  params: Record<string, PyJson>,
  args: unknown[],
  process: ProcessImages,
): Promise<JobOutput> {
  const [
    xType,
    xValues,
    xDropdown,
    yType,
    yValues,
    yDropdown,
    zType,
    zValues,
    zDropdown,
    ,
    includeLone,
    includeSubGrids,
    noFixedSeeds,
    ,
    ,
    ,
    margin,
    csvMode,
  ] = args;
  const csv = asBool(csvMode);
  const x = readAxis(ctx, kind, params, xType, xValues, xDropdown, csv);
  const y = readAxis(ctx, kind, params, yType, yValues, yDropdown, csv);
  const z = readAxis(ctx, kind, params, zType, zValues, zDropdown, csv);
  const total = x.values.length * y.values.length * z.values.length;
  if (total === 0) return process(params);
  if (total > MAX_CELLS)
    throw pythonException('OutOfMemoryError', `CUDA out of memory (mock webui limit: ${total} X/Y/Z cells)`);
  const base = { ...params };
  if (!asBool(noFixedSeeds)) {
    if (base.seed === -1 || base.seed === null) base.seed = randomInt(0, 4294967294);
    if (base.subseed === -1 || base.subseed === null) base.subseed = randomInt(0, 4294967294);
  }
  const cells: JobOutput[] = [];
  for (const zValue of z.values) {
    for (const yValue of y.values) {
      for (const xValue of x.values) {
        cells.push(
          await process(applyAxis(applyAxis(applyAxis(base, x, xValue, base), y, yValue, base), z, zValue, base)),
        );
      }
    }
  }
  const extra: Record<string, PyJson> = { Script: 'X/Y/Z plot' };
  for (const [name, axis] of [
    ['X', x],
    ['Y', y],
  ] as const) {
    if (axis.label === 'Nothing') continue;
    extra[`${name} Type`] = axis.label;
    extra[`${name} Values`] = axis.text;
    if ((axis.label === 'Seed' || axis.label === 'Var. seed') && !asBool(noFixedSeeds))
      extra[`Fixed ${name} Values`] = axis.values.map(String).join(', ');
  }
  const mainExtra = { ...extra, ...(z.label === 'Nothing' ? {} : { 'Z Type': z.label, 'Z Values': z.text }) };
  const perZ = x.values.length * y.values.length;
  const first = cells[0] as JobOutput;
  const mainInfotext = await first.infotextWith(mainExtra);
  const main = await gridPng(
    [first],
    x.values.length * z.values.length,
    y.values.length,
    Number(margin) || 0,
    mainInfotext,
    `main|${x.text}|${y.text}|${z.text}`,
  );
  const gridEntry = (infotext: string) => ({ infotext, prompt: first.info.prompt as PyJson, seed: first.seed });
  const entries = [gridEntry(mainInfotext)];
  const images = [main];
  if (asBool(includeSubGrids)) {
    // Made only when returned: each is smaller than the main grid, so it cannot fail where that did not.
    for (const iz of z.values.keys()) {
      const slice = cells.slice(iz * perZ, (iz + 1) * perZ);
      const infotext = await (slice[0] as JobOutput).infotextWith(extra);
      const key = `${iz}|${x.text}|${y.text}`;
      images.push(await gridPng(slice, x.values.length, y.values.length, Number(margin) || 0, infotext, key));
      entries.push(gridEntry(infotext));
    }
  }
  if (asBool(includeLone)) {
    images.push(...cells.map((cell) => cell.images[0]).filter((png): png is Uint8Array => png !== undefined));
    entries.push(
      ...cells
        .filter((cell) => cell.images.length > 0)
        .map((cell) => ({
          infotext: cell.infotexts[0] as string,
          prompt: cell.info.prompt as PyJson,
          seed: cell.seed,
        })),
    );
  }
  return {
    ...first,
    images,
    extraImages: [],
    infotexts: entries.map((entry) => entry.infotext),
    info: combinedInfo(first, entries, 1),
  };
}
