import { randomInt } from 'node:crypto';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { pythonException } from '../../errors/index.js';
import type { PyJson } from '../../python/index.js';
import type { WebuiContext } from '../../generation/context.js';
import type { GenerationKind } from '../../generation/request.js';
import { asBool } from './args.js';
import { combinedInfo, gridPng, type JobOutput, type ReservedJob, type ScriptJobs } from './job.js';
import { applyAxis, readAxis, type Axis } from './xyz-axis.js';

/** Cells in all: enough for any real plot, bounded for a mock. */
const MAX_CELLS = 256;

const utf8 = (text: string) => Buffer.byteLength(text);

/** Matches found between two turns of the event loop while counting. */
const MATCHES_PER_TURN = 1 << 16;

/**
 * How many times `text.replaceAll(from, …)` replaces, counted without replacing, a turn of the
 * event loop every MATCHES_PER_TURN matches. `''` matches around every UTF-16 unit, as in JavaScript.
 */
async function occurrences(text: string, from: string): Promise<number> {
  if (from === '') return text.length + 1;
  let count = 0;
  for (let at = text.indexOf(from); at >= 0; at = text.indexOf(from, at + from.length)) {
    if (++count % MATCHES_PER_TURN === 0) await nextTurn();
  }
  return count;
}

/** A Prompt S/R axis: its search text and how often it is found in the request's prompt and negative prompt. */
interface Search {
  axis: Axis;
  from: string;
  found: [prompt: number, negative: number];
}

/**
 * UTF-8 bytes of a cell's prompt and negative prompt after its Prompt S/R replacements (x, then
 * y, then z), measured before any is made: exact for the first replacement, an upper bound for
 * the next (whose matches the first may have moved).
 */
function replacedBytes(params: Record<string, PyJson>, searches: Search[], values: Map<Axis, PyJson>): number {
  const sizes = [utf8(String(params.prompt ?? '')), utf8(String(params.negative_prompt ?? ''))];
  for (const [index, search] of searches.entries()) {
    const growth = utf8(String(values.get(search.axis))) - utf8(search.from);
    for (const part of [0, 1]) {
      const size = sizes[part] as number;
      if (index === 0) sizes[part] = size + search.found[part as 0 | 1] * growth;
      else if (growth > 0)
        sizes[part] = size + (search.from === '' ? size + 1 : Math.floor(size / utf8(search.from))) * growth;
    }
  }
  return (sizes[0] as number) + (sizes[1] as number);
}

/** The cell's prompt and negative prompt with its Prompt S/R replacements made (sized by `replacedBytes` first). */
function replacePrompts(params: Record<string, PyJson>, searches: Search[], values: Map<Axis, PyJson>) {
  let prompt = String(params.prompt ?? '');
  let negative = String(params.negative_prompt ?? '');
  for (const { axis, from } of searches) {
    const to = String(values.get(axis));
    prompt = prompt.replaceAll(from, to);
    negative = negative.replaceAll(from, to);
  }
  return { ...params, prompt, negative_prompt: negative };
}

/** Bytes `extra` adds to an infotext (`Key: value, ` each). */
const extraBytes = (extra: Record<string, PyJson>): number =>
  Object.entries(extra).reduce((sum, [key, value]) => sum + utf8(key) + utf8(String(value)) + 4, 0);

/**
 * `scripts/xyz_grid.py` (1.10 argument layout): one job per cell (x fastest), seeds fixed first
 * unless "Keep -1 for seeds"; the result is the main grid, then the sub-grids (one per Z value)
 * and the cells when asked (`Include Sub Grids`, `Include Sub Images`). The grid's infotext is
 * the first cell's plus `Script`, `X Type`, `X Values`, … (inferred: `index_of_first_image` 1).
 * Every cell and grid is reserved (Prompt S/R measured, not made) before the first cell runs.
 */
export async function runXyz(
  ctx: WebuiContext,
  kind: GenerationKind,
  params: Record<string, PyJson>,
  args: unknown[],
  jobs: ScriptJobs,
): Promise<JobOutput> {
  const [xType, xValues, xDropdown, yType, yValues, yDropdown, zType, zValues, zDropdown] = args;
  const [, includeLone, includeSubGrids, noFixedSeeds, , , , margin, csvMode] = args.slice(9);
  const csv = asBool(csvMode);
  const x = readAxis(ctx, kind, params, xType, xValues, xDropdown, csv);
  const y = readAxis(ctx, kind, params, yType, yValues, yDropdown, csv);
  const z = readAxis(ctx, kind, params, zType, zValues, zDropdown, csv);
  const total = x.values.length * y.values.length * z.values.length;
  if (total === 0) {
    jobs.reserve(params);
    return jobs.process(params);
  }
  if (total > MAX_CELLS)
    throw pythonException('OutOfMemoryError', `CUDA out of memory (mock webui limit: ${total} X/Y/Z cells)`);
  const base = { ...params };
  if (!asBool(noFixedSeeds)) {
    if (base.seed === -1 || base.seed === null) base.seed = randomInt(0, 4294967294);
    if (base.subseed === -1 || base.subseed === null) base.subseed = randomInt(0, 4294967294);
  }
  const searches: Search[] = [];
  for (const axis of [x, y, z].filter((item) => item.label === 'Prompt S/R')) {
    const from = String(axis.values[0]);
    const found = [
      await occurrences(String(base.prompt ?? ''), from),
      await occurrences(String(base.negative_prompt ?? ''), from),
    ] as [number, number];
    searches.push({ axis, from, found });
  }
  const cells: Array<{ params: Record<string, PyJson>; values: Map<Axis, PyJson>; reserved: ReservedJob }> = [];
  for (const zValue of z.values) {
    for (const yValue of y.values) {
      for (const xValue of x.values) {
        const values = new Map<Axis, PyJson>([
          [x, xValue],
          [y, yValue],
          [z, zValue],
        ]);
        const cell = applyAxis(applyAxis(applyAxis(base, x, xValue, base), y, yValue, base), z, zValue, base);
        const prompts = searches.length > 0 ? replacedBytes(cell, searches, values) : undefined;
        cells.push({ params: cell, values, reserved: jobs.reserve(cell, prompts) });
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
  const gridMargin = Number(margin) || 0;
  const firstReserved = (cells[0] as (typeof cells)[number]).reserved;
  jobs.reserveGrid(
    firstReserved,
    x.values.length * z.values.length,
    y.values.length,
    gridMargin,
    extraBytes(mainExtra),
  );
  if (asBool(includeSubGrids)) {
    for (const iz of z.values.keys()) {
      const reserved = (cells[iz * perZ] as (typeof cells)[number]).reserved;
      jobs.reserveGrid(reserved, x.values.length, y.values.length, gridMargin, extraBytes(extra));
    }
  }
  const outputs: JobOutput[] = [];
  for (const cell of cells) {
    const made = searches.length > 0 ? replacePrompts(cell.params, searches, cell.values) : cell.params;
    outputs.push(await jobs.process(made));
  }
  const first = outputs[0] as JobOutput;
  const mainInfotext = await first.infotextWith(mainExtra);
  const main = await gridPng(
    [first],
    x.values.length * z.values.length,
    y.values.length,
    gridMargin,
    mainInfotext,
    `main|${x.text}|${y.text}|${z.text}`,
  );
  const gridEntry = (infotext: string) => ({ infotext, prompt: first.info.prompt as PyJson, seed: first.seed });
  const entries = [gridEntry(mainInfotext)];
  const images = [main];
  if (asBool(includeSubGrids)) {
    // Made only when returned: each is smaller than the main grid, so it cannot fail where that did not.
    for (const iz of z.values.keys()) {
      const slice = outputs.slice(iz * perZ, (iz + 1) * perZ);
      const infotext = await (slice[0] as JobOutput).infotextWith(extra);
      const key = `${iz}|${x.text}|${y.text}`;
      images.push(await gridPng(slice, x.values.length, y.values.length, gridMargin, infotext, key));
      entries.push(gridEntry(infotext));
    }
  }
  if (asBool(includeLone)) {
    images.push(...outputs.map((cell) => cell.images[0]).filter((png): png is Uint8Array => png !== undefined));
    entries.push(
      ...outputs
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
