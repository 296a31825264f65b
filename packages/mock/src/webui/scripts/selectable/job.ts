import type { PyJson } from '../../python/index.js';
import { pythonException } from '../../errors/index.js';
import type { GenerationPlan } from '../../generation/plan.js';
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

/** Runs one `process_images` with these (validated) request parameters. */
export type ProcessImages = (params: Record<string, PyJson>) => Promise<JobOutput>;

/** Above this many pixels a grid is refused like a GPU out of memory, as generations are. */
const MAX_GRID_PIXELS = 64 * 1024 * 1024;

/** A grid of `cols × rows` cells of the first cell's size, plus `margin` pixels between cells. */
export async function gridPng(
  cells: readonly JobOutput[],
  cols: number,
  rows: number,
  margin: number,
  infotext: string | undefined,
  key: string,
): Promise<Uint8Array> {
  const first = cells[0] as JobOutput;
  const width = cols * first.plan.outWidth + Math.max(0, cols - 1) * margin;
  const height = rows * first.plan.outHeight + Math.max(0, rows - 1) * margin;
  if (width * height > MAX_GRID_PIXELS)
    throw pythonException('OutOfMemoryError', 'CUDA out of memory (mock webui limit, grid)');
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
