import { randomInt } from 'node:crypto';
import type { PyJson } from '../../python/index.js';
import { asBool } from './args.js';
import { combinedInfo, gridPng, type JobOutput, type ReservedJob, type ScriptJobs } from './job.js';

const MAX_COMBINATIONS = 256;
/** Optional parts used: the webui makes 2^(n-1) images whatever n is; the mock stops at MAX_COMBINATIONS. */
const MAX_OPTIONAL = Math.log2(MAX_COMBINATIONS);

const utf8 = (text: string) => Buffer.byteLength(text);

/**
 * `scripts/prompt_matrix.py`: the prompt split on `|`; every combination of the optional parts
 * (2^(n-1) images, same seed unless asked), then a grid inserted first (`index_of_first_image` 1).
 * Only the parts used are split off, and every combination is reserved (its prompt measured, not
 * made) before the first job runs.
 */
export async function runPromptMatrix(
  params: Record<string, PyJson>,
  args: unknown[],
  jobs: ScriptJobs,
): Promise<JobOutput> {
  const [putAtStart, differentSeeds, promptType, delimiterName, margin] = args;
  const field = promptType === 'negative' ? 'negative_prompt' : 'prompt';
  const text = String(params[field] ?? '');
  // A limit on split: the pieces past it are never made (2.4 M `|` once took 38 s).
  const parts = text.split('|', MAX_OPTIONAL + 1);
  const optional = parts.length - 1;
  const delimiter = delimiterName === 'space' ? ' ' : ', ';
  const other = utf8(String(params[field === 'prompt' ? 'negative_prompt' : 'prompt'] ?? ''));
  const partBytes = parts.map(utf8);
  const seed = typeof params.seed === 'number' && params.seed !== -1 ? params.seed : randomInt(0, 4294967294);
  const cellParams = (combination: number, prompt: string | null): Record<string, PyJson> => ({
    ...params,
    ...(prompt === null ? {} : { [field]: prompt }),
    seed: seed + (asBool(differentSeeds) ? combination : 0),
    batch_size: 1,
    n_iter: 1,
  });
  const combinations = 2 ** optional;
  let first: ReservedJob | undefined;
  for (let combination = 0; combination < combinations; combination++) {
    // Trimming only shortens the parts: their whole size bounds the prompt.
    let bytes = partBytes[0] as number;
    for (let n = 0; n < optional; n++) {
      if (combination & (1 << n)) bytes += (partBytes[n + 1] as number) + utf8(delimiter);
    }
    const reserved = jobs.reserve(cellParams(combination, null), bytes + other);
    first ??= reserved;
  }
  const rows = 2 ** Math.floor(optional / 2);
  const cols = Math.ceil(combinations / rows);
  jobs.reserveGrid(first as ReservedJob, cols, rows, Number(margin) || 0);
  const cells: JobOutput[] = [];
  for (let combination = 0; combination < combinations; combination++) {
    const selected = parts
      .slice(1)
      .filter((_, n) => combination & (1 << n))
      .map((part) => part.trim().replace(/^,+|,+$/g, ''));
    const prompt = (asBool(putAtStart) ? [...selected, parts[0]] : [parts[0], ...selected]).join(delimiter);
    cells.push(await jobs.process(cellParams(combination, prompt)));
  }
  const firstCell = cells[0] as JobOutput;
  const grid = await gridPng(cells, cols, rows, Number(margin) || 0, firstCell.infotexts[0], `${field}|${text}`);
  const entries = cells.map((cell) => ({
    infotext: cell.infotexts[0] as string,
    prompt: cell.info.prompt as PyJson,
    seed: cell.seed,
  }));
  return {
    ...firstCell,
    images: [grid, ...cells.flatMap((cell) => cell.images)],
    extraImages: [],
    infotexts: [firstCell.infotexts[0] as string, ...entries.map((entry) => entry.infotext)],
    info: combinedInfo(firstCell, [entries[0] as (typeof entries)[number], ...entries], 1),
  };
}
