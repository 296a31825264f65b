import { randomInt } from 'node:crypto';
import type { PyJson } from '../../python/index.js';
import { asBool } from './args.js';
import { combinedInfo, gridPng, type JobOutput, type ProcessImages } from './job.js';

const MAX_COMBINATIONS = 256;

/**
 * `scripts/prompt_matrix.py`: the prompt split on `|`; every combination of the optional parts
 * (2^(n-1) images, same seed unless asked), then a grid inserted first (`index_of_first_image` 1).
 */
export async function runPromptMatrix(
  params: Record<string, PyJson>,
  args: unknown[],
  process: ProcessImages,
): Promise<JobOutput> {
  const [putAtStart, differentSeeds, promptType, delimiterName, margin] = args;
  const field = promptType === 'negative' ? 'negative_prompt' : 'prompt';
  const parts = String(params[field] ?? '').split('|');
  const delimiter = delimiterName === 'space' ? ' ' : ', ';
  const prompts: string[] = [];
  // The webui makes 2^(n-1) images whatever n is; the mock stops at MAX_COMBINATIONS (8 parts).
  const optional = Math.min(parts.length - 1, Math.log2(MAX_COMBINATIONS));
  for (let combination = 0; combination < 2 ** optional; combination++) {
    const selected = parts
      .slice(1)
      .filter((_, n) => combination & (1 << n))
      .map((text) => text.trim().replace(/^,+|,+$/g, ''));
    prompts.push((asBool(putAtStart) ? [...selected, parts[0]] : [parts[0], ...selected]).join(delimiter));
  }
  const seed = typeof params.seed === 'number' && params.seed !== -1 ? params.seed : randomInt(0, 4294967294);
  const cells: JobOutput[] = [];
  for (const [index, prompt] of prompts.entries()) {
    cells.push(
      await process({
        ...params,
        [field]: prompt,
        seed: seed + (asBool(differentSeeds) ? index : 0),
        batch_size: 1,
        n_iter: 1,
      }),
    );
  }
  const first = cells[0] as JobOutput;
  const rows = 2 ** Math.floor(optional / 2);
  const grid = await gridPng(
    cells,
    Math.ceil(cells.length / rows),
    rows,
    Number(margin) || 0,
    first.infotexts[0],
    prompts.join('|'),
  );
  const entries = cells.map((cell) => ({
    infotext: cell.infotexts[0] as string,
    prompt: cell.info.prompt as PyJson,
    seed: cell.seed,
  }));
  return {
    ...first,
    images: [grid, ...cells.flatMap((cell) => cell.images)],
    extraImages: [],
    infotexts: [first.infotexts[0] as string, ...entries.map((entry) => entry.infotext)],
    info: combinedInfo(first, [entries[0] as (typeof entries)[number], ...entries], 1),
  };
}
