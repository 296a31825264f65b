import { UsageError } from '../errors.js';
import { assignment, decimalNumber, imageSize, wholeNumber } from '../flag-values/index.js';
import { readInputFile } from '../input-files/index.js';
import { extensionScripts } from './extensions.js';

/** The generation flags as commander hands them over (strings, checked here). */
export interface GenerationFlags {
  negative?: string;
  steps?: string;
  model?: string;
  sampler?: string;
  scheduler?: string;
  size?: string;
  batchSize?: string;
  batchCount?: string;
  seed?: string;
  cfg?: string;
  vae?: string;
  clipSkip?: string;
  set: string[];
  body?: string;
  output?: string;
  outDir?: string;
  overwrite?: boolean;
  hires?: boolean;
  hiresScale?: string;
  hiresUpscaler?: string;
  hiresSteps?: string;
  hiresDenoise?: string;
  denoise?: string;
  mask?: string;
  /** `--controlnet MODULE:MODEL:IMAGE[:WEIGHT]`, repeatable. */
  controlnet?: string[];
  /** `--adetailer MODEL`, repeatable. */
  adetailer?: string[];
}

/** Per-request settings the SDK sends as `override_settings`. */
export interface GenerationSettings {
  model?: string;
  vae?: string;
  clipSkip?: number;
}

const LIMITS = {
  steps: { min: 1, max: 10_000 },
  seed: { min: -1, max: 4_294_967_295 },
  batchSize: { min: 1, max: 100 },
  batchCount: { min: 1, max: 1_000 },
  cfg: { min: 0, max: 100 },
  clipSkip: { min: 1, max: 12 },
  strength: { min: 0, max: 1 },
  hiresScale: { min: 1, max: 8 },
  hiresSteps: { min: 0, max: 10_000 },
};

const defined = (entries: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(entries).filter(([, value]) => value !== undefined));

/** Reads `--body FILE`: a JSON object of request fields. */
async function bodyFile(path: string | undefined): Promise<Record<string, unknown>> {
  if (path === undefined) return {};
  const text = new TextDecoder().decode(await readInputFile(path, '--body'));
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`--body ${path} is not JSON: ${(error as Error).message}`);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    throw new UsageError(`--body ${path} must hold a JSON object of request fields`);
  return value as Record<string, unknown>;
}

/**
 * The request fields, checked: `--body` first, then `base` (the prompt, the images, a PNG's
 * infotext), then the typed flags, then each `--set KEY=VALUE` (the most specific wins).
 */
export async function generationRequest(
  flags: GenerationFlags,
  base: Record<string, unknown> = {},
): Promise<Record<string, unknown>> {
  const hiresWanted =
    flags.hires === true ||
    [flags.hiresScale, flags.hiresUpscaler, flags.hiresSteps, flags.hiresDenoise].some((value) => value !== undefined);
  const typed = defined({
    negative_prompt: flags.negative,
    steps: flags.steps === undefined ? undefined : wholeNumber(flags.steps, '--steps', LIMITS.steps),
    sampler_name: flags.sampler,
    scheduler: flags.scheduler,
    batch_size:
      flags.batchSize === undefined ? undefined : wholeNumber(flags.batchSize, '--batch-size', LIMITS.batchSize),
    n_iter:
      flags.batchCount === undefined ? undefined : wholeNumber(flags.batchCount, '--batch-count', LIMITS.batchCount),
    seed: flags.seed === undefined ? undefined : wholeNumber(flags.seed, '--seed', LIMITS.seed),
    cfg_scale: flags.cfg === undefined ? undefined : decimalNumber(flags.cfg, '--cfg', LIMITS.cfg),
    ...(flags.size === undefined ? {} : imageSize(flags.size, '--size')),
    denoising_strength:
      flags.denoise !== undefined
        ? decimalNumber(flags.denoise, '--denoise', LIMITS.strength)
        : flags.hiresDenoise !== undefined
          ? decimalNumber(flags.hiresDenoise, '--hires-denoise', LIMITS.strength)
          : undefined,
    enable_hr: hiresWanted ? true : undefined,
    hr_scale:
      flags.hiresScale === undefined ? undefined : decimalNumber(flags.hiresScale, '--hires-scale', LIMITS.hiresScale),
    hr_upscaler: flags.hiresUpscaler,
    hr_second_pass_steps:
      flags.hiresSteps === undefined ? undefined : wholeNumber(flags.hiresSteps, '--hires-steps', LIMITS.hiresSteps),
  });
  const overrides = Object.fromEntries(flags.set.map((text) => assignment(text, '--set')));
  const extensions = await extensionScripts(flags.controlnet ?? [], flags.adetailer ?? []);
  const request = { ...(await bodyFile(flags.body)), ...base, ...typed, ...overrides };
  if (Object.keys(extensions).length === 0) return request;
  // The flags' scripts join those of --body / --set (a same-named one is replaced).
  const scripts = request.alwayson_scripts;
  const others = scripts !== null && typeof scripts === 'object' && !Array.isArray(scripts) ? scripts : {};
  return { ...request, alwayson_scripts: { ...others, ...extensions } };
}

/** `--model`, `--vae`, `--clip-skip`: settings for this request only. */
export function generationSettings(flags: GenerationFlags): GenerationSettings {
  return defined({
    model: flags.model,
    vae: flags.vae,
    clipSkip: flags.clipSkip === undefined ? undefined : wholeNumber(flags.clipSkip, '--clip-skip', LIMITS.clipSkip),
  }) as GenerationSettings;
}
