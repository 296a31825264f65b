import { pythonException } from '../../errors/index.js';
import { pyFloat, type PyJson } from '../../python/index.js';
import { asBool } from './args.js';
import { combinedInfo, type JobOutput, type ScriptJobs } from './job.js';

/** Options a line may set (`prompt_tags` of `scripts/prompts_from_file.py`), by their Python type. */
const LINE_OPTIONS: Record<string, 'str' | 'int' | 'float' | 'bool'> = {
  prompt: 'str',
  negative_prompt: 'str',
  seed: 'int',
  subseed: 'int',
  subseed_strength: 'float',
  sampler_name: 'str',
  sampler_index: 'str',
  batch_size: 'int',
  n_iter: 'int',
  steps: 'int',
  cfg_scale: 'float',
  width: 'int',
  height: 'int',
  restore_faces: 'bool',
  tiling: 'bool',
};

/** `shlex.split` for the common cases: whitespace-separated, single or double quotes. */
function shellWords(line: string): string[] {
  return [...line.matchAll(/"((?:\\.|[^"\\])*)"|'([^']*)'|(\S+)/g)].map(
    (match) => match[1]?.replace(/\\(.)/g, '$1') ?? match[2] ?? match[3] ?? '',
  );
}

/** One line: plain text is the prompt; a line starting with `--` sets options (`--prompt "…" --steps 10`). */
function lineOptions(line: string): Record<string, PyJson> {
  if (!line.startsWith('--')) return { prompt: line };
  const words = shellWords(line);
  const out: Record<string, PyJson> = {};
  for (let index = 0; index < words.length; index++) {
    const tag = (words[index] as string).replace(/^--/, '');
    const type = LINE_OPTIONS[tag];
    if (!(words[index] as string).startsWith('--') || type === undefined)
      throw pythonException('AssertionError', `unknown commandline option: ${tag.slice(0, 60)}`);
    const value = words[++index] ?? '';
    if (type === 'str') out[tag] = value;
    else if (type === 'bool') out[tag] = value.toLowerCase() === 'true';
    else {
      const number = Number(value);
      if (value.trim() === '' || Number.isNaN(number) || (type === 'int' && !Number.isInteger(number))) {
        throw pythonException(
          'ValueError',
          `invalid literal for ${type}() with base 10: ${JSON.stringify(value.slice(0, 60))}`,
        );
      }
      out[tag] = type === 'float' ? pyFloat(number) : number;
    }
  }
  return out;
}

/** At most this many lines run: a mock job has no business running thousands. */
const MAX_LINES = 256;

/**
 * The first MAX_LINES non-empty lines of `text`, trimmed (`str.strip()` of each `\n`-separated
 * line); the rest of the text is never read. Blank runs are skipped natively, not a line at a time.
 */
function firstLines(text: string): string[] {
  const blank = /\s*/y;
  const lines: string[] = [];
  let start = 0;
  while (lines.length < MAX_LINES) {
    blank.lastIndex = start;
    blank.exec(text);
    start = blank.lastIndex;
    if (start >= text.length) break;
    const end = text.indexOf('\n', start);
    lines.push(text.slice(start, end < 0 ? text.length : end).trim());
    if (end < 0) break;
    start = end + 1;
  }
  return lines;
}

const utf8 = (value: PyJson | undefined) => (typeof value === 'string' ? Buffer.byteLength(value) : 0);

/**
 * `scripts/prompts_from_file.py`: one job per non-empty line, its prompt put before (or after)
 * the request's prompt; images concatenated, no grid. Every line's job is reserved (its prompt
 * measured, not made) before the first runs.
 */
export async function runPromptsFromFile(
  params: Record<string, PyJson>,
  args: unknown[],
  jobs: ScriptJobs,
): Promise<JobOutput> {
  const [iterateSeed, sameSeed, position, text] = args;
  const lines = firstLines(String(text ?? ''));
  if (lines.length === 0) {
    jobs.reserve(params);
    return jobs.process(params);
  }
  const basePrompt = String(params.prompt ?? '');
  let seed = typeof params.seed === 'number' ? params.seed : -1;
  if (asBool(sameSeed) && seed === -1) seed = Math.floor(Math.random() * 4294967294);
  const planned: Array<{ params: Record<string, PyJson>; linePrompt: string | undefined }> = [];
  for (const line of lines) {
    const options = lineOptions(line);
    const linePrompt = typeof options.prompt === 'string' ? options.prompt : undefined;
    const job: Record<string, PyJson> = { ...params, seed, ...options, prompt: linePrompt ?? basePrompt };
    // The joined prompt is made only when its job runs: here its size is enough.
    const joined = linePrompt !== undefined && basePrompt !== '' ? utf8(basePrompt) + 1 : 0;
    const reserved = jobs.reserve(job, utf8(job.prompt) + joined + utf8(job.negative_prompt));
    planned.push({ params: job, linePrompt });
    if (asBool(iterateSeed) && seed !== -1) seed += reserved.shape.batchSize * reserved.shape.nIter;
  }
  const outputs: JobOutput[] = [];
  for (const { params: job, linePrompt } of planned) {
    const prompt =
      linePrompt !== undefined && basePrompt !== ''
        ? position === 'end'
          ? `${basePrompt} ${linePrompt}`
          : `${linePrompt} ${basePrompt}`
        : (job.prompt as PyJson);
    outputs.push(await jobs.process({ ...job, prompt }));
  }
  const first = outputs[0] as JobOutput;
  const entries = outputs.flatMap((job) =>
    job.infotexts.map((infotext, index) => ({
      infotext,
      prompt: job.info.prompt as PyJson,
      seed: (job.info.all_seeds as PyJson[])[index] as PyJson,
    })),
  );
  return {
    ...first,
    images: outputs.flatMap((job) => [...job.images, ...job.extraImages]),
    extraImages: [],
    infotexts: entries.map((entry) => entry.infotext),
    info: combinedInfo(first, entries, 0),
  };
}
