import type { PyJson } from '../../python/index.js';
import { pythonException } from '../../errors/index.js';
import type { JobText } from '../../generation/budget.js';
import type { GenerationPlan, PlanShape } from '../../generation/plan.js';
import { renderPng } from '../../png/index.js';

/** What one `process_images` call produced. */
export interface JobOutput {
  /** Generated images (PNG bytes, each with its `parameters` chunk). */
  images: Uint8Array[];
  /** Images always-on scripts add after them (ControlNet maps). */
  extraImages: Uint8Array[];
  infotexts: string[];
  info: Record<string, PyJson>;
  plan: GenerationPlan;
  seed: number;
  /** The first image's infotext with more `extra_generation_params` (a grid's infotext). */
  infotextWith(extra: Record<string, PyJson>): Promise<string>;
}

/** What `ScriptJobs.reserve` found out about a job before it runs: its output size and its text. */
export interface ReservedJob {
  shape: PlanShape;
  text: JobText;
}

/**
 * The jobs of one request, as a script runs them. Every job and grid is reserved before the
 * first job runs, so a script whose jobs together pass the request's budget (pixels, steps,
 * response bytes) is refused before any work; then each job runs.
 */
export interface ScriptJobs {
  /**
   * Checks a job with these (validated) request parameters against the limits and reserves its
   * share of the request's budget. `prompts` gives the UTF-8 bytes of its prompt and negative
   * prompt when `params` does not hold them yet (a Prompt S/R cell, made only when it runs).
   */
  reserve(params: Record<string, PyJson>, prompts?: number): ReservedJob;
  /** Reserves a grid of `cols × rows` cells of `cell`'s size, whose infotext is `cell`'s plus `extraBytes`. */
  reserveGrid(cell: ReservedJob, cols: number, rows: number, margin: number, extraBytes?: number): void;
  /** Runs one `process_images` with these parameters (reserved before). */
  process(params: Record<string, PyJson>): Promise<JobOutput>;
}

/** Above this many pixels a grid is refused like a GPU out of memory, as generations are. */
const MAX_GRID_PIXELS = 64 * 1024 * 1024;

/** Size of a grid of `cols × rows` cells of `cell`'s output size, `margin` pixels between cells; refused over MAX_GRID_PIXELS. */
export function gridSize(
  cell: Pick<PlanShape, 'outWidth' | 'outHeight'>,
  cols: number,
  rows: number,
  margin: number,
): { width: number; height: number } {
  const width = cols * cell.outWidth + Math.max(0, cols - 1) * margin;
  const height = rows * cell.outHeight + Math.max(0, rows - 1) * margin;
  if (!(width * height <= MAX_GRID_PIXELS))
    throw pythonException('OutOfMemoryError', 'CUDA out of memory (mock webui limit, grid)');
  return { width, height };
}

/** A grid of `cols × rows` cells of the first cell's size, plus `margin` pixels between cells. */
export async function gridPng(
  cells: readonly JobOutput[],
  cols: number,
  rows: number,
  margin: number,
  infotext: string | undefined,
  key: string,
): Promise<Uint8Array> {
  const { width, height } = gridSize((cells[0] as JobOutput).plan, cols, rows, margin);
  return renderPng(width, height, `grid|${key}`, infotext === undefined ? {} : { parameters: infotext });
}

/** The combined job's `info`: the first cell's, with per-image lists matching the images returned. */
export function combinedInfo(
  first: JobOutput,
  entries: ReadonlyArray<{ infotext: string; prompt: PyJson; seed: PyJson }>,
  indexOfFirstImage: number,
): Record<string, PyJson> {
  return {
    ...first.info,
    all_prompts: entries.map((entry) => entry.prompt),
    all_negative_prompts: entries.map(() => first.info.negative_prompt as PyJson),
    all_seeds: entries.map((entry) => entry.seed),
    all_subseeds: entries.map(() => first.info.subseed as PyJson),
    index_of_first_image: indexOfFirstImage,
    infotexts: entries.map((entry) => entry.infotext),
  };
}
