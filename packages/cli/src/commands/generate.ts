import { writeFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Command } from 'commander';
import { SingleBar } from 'cli-progress';
import { parseInfotext, toTxt2imgRequest } from '@sdwebui/infotext';
import type { GenerationResult, Job, Txt2imgParams } from '@sdwebui/client';
import { ExitCode, UsageError } from '../errors.js';
import type { CliIo } from '../io.js';
import { openSession, withWebuiFlags, type Session, type SessionHooks } from '../webui-session.js';

export interface GenerationFlags {
  negative?: string;
  steps?: string;
  model?: string;
  sampler?: string;
  scheduler?: string;
  size?: string;
  batch?: string;
  seed?: string;
  cfg?: string;
  output?: string;
  outDir?: string;
}

const number = (value: string | undefined, flag: string, integer = true): number | undefined => {
  if (value === undefined) return undefined;
  const parsed = Number(value);
  if (!Number.isFinite(parsed) || (integer && !Number.isInteger(parsed))) throw new UsageError(`${flag} must be a ${integer ? 'whole ' : ''}number, got "${value}"`);
  return parsed;
};

export function generationParams(flags: GenerationFlags): Partial<Txt2imgParams> {
  const size = flags.size === undefined ? undefined : /^(\d+)x(\d+)$/.exec(flags.size);
  if (flags.size !== undefined && !size) throw new UsageError(`--size must look like 512x768, got "${flags.size}"`);
  const params: Partial<Txt2imgParams> = {
    negative_prompt: flags.negative,
    steps: number(flags.steps, '--steps'),
    sampler_name: flags.sampler,
    scheduler: flags.scheduler,
    batch_size: number(flags.batch, '--batch'),
    seed: number(flags.seed, '--seed'),
    cfg_scale: number(flags.cfg, '--cfg', false),
    ...(size ? { width: Number(size[1]), height: Number(size[2]) } : {}),
  };
  return Object.fromEntries(Object.entries(params).filter(([, value]) => value !== undefined));
}

export function withGenerationFlags(command: Command): Command {
  return withWebuiFlags(command)
    .option('--negative <text>', 'negative prompt')
    .option('--steps <n>', 'sampling steps')
    .option('--model <name>', 'checkpoint for this request (title, file name or hash)')
    .option('--sampler <name>', 'sampler, e.g. "DPM++ 2M"')
    .option('--scheduler <name>', 'scheduler, e.g. Karras (webui 1.9+)')
    .option('--size <WxH>', 'image size, e.g. 512x768')
    .option('--batch <n>', 'images per batch')
    .option('--seed <n>', 'seed (-1: random)')
    .option('--cfg <scale>', 'CFG scale')
    .option('-o, --output <file>', 'where to write the image (more than one: numbered)')
    .option('--out-dir <dir>', 'folder for the images, named like the webui: <index>-<seed>.png');
}

function outputPaths(count: number, flags: GenerationFlags, seeds: Array<number | undefined>): string[] {
  if (flags.output !== undefined) {
    if (count === 1) return [flags.output];
    return seeds.map((_, index) => flags.output!.replace(/(\.png)?$/i, `-${index + 1}.png`));
  }
  const dir = flags.outDir ?? '.';
  return seeds.map((seed, index) => join(dir, `${String(index).padStart(5, '0')}-${seed ?? 'grid'}.png`));
}

/**
 * Runs a job with a progress bar (stderr, TTY only), Ctrl-C cancelling it on the server, then
 * writes the images byte for byte (their `parameters` chunk intact) and reports them.
 */
export async function runJob(session: Session, job: Job<GenerationResult>, flags: GenerationFlags): Promise<void> {
  const { io, hooks } = session;
  let cancelled = false;
  (hooks.onInterrupt ?? ((handler: () => void) => process.once('SIGINT', handler)))(() => {
    cancelled = true;
    io.err('cancelling: interrupting the job on the server…');
    void job.cancel();
  });
  const bar = new SingleBar({
    format: '{bar} {percentage}% | {status} | ETA {etaText}',
    stream: process.stderr,
    hideCursor: true,
    clearOnComplete: true,
  });
  let barStarted = false;
  try {
    for await (const progress of job.progress({ intervalMs: 250 })) {
      hooks.onProgress?.(progress);
      const status = progress.done ? 'done' : progress.queued ? `queued${progress.queuePosition ? ` #${progress.queuePosition}` : ''}` : progress.step !== null ? `step ${progress.step}/${progress.steps}` : 'starting';
      const payload = { status, etaText: progress.eta === null ? '?' : `${Math.max(0, Math.round(progress.eta))}s` };
      if (!barStarted) {
        bar.start(100, 0, payload);
        barStarted = true;
      }
      bar.update(Math.round(progress.progress * 100), payload);
    }
  } catch (error) {
    if (!cancelled) throw error;
  } finally {
    if (barStarted) bar.stop();
  }
  let result: GenerationResult;
  try {
    result = await job;
  } catch (error) {
    if (cancelled) {
      io.err('cancelled');
      throw new ExitCode(130);
    }
    throw error;
  }
  const paths = outputPaths(result.images.length, flags, result.images.map((image) => image.seed));
  for (const [index, image] of result.images.entries()) {
    const path = paths[index] as string;
    await mkdir(join(path, '..'), { recursive: true });
    await writeFile(path, image.bytes);
  }
  const written = result.images.map((image, index) => ({ path: paths[index], seed: image.seed, infotext: image.infotext }));
  session.print({ images: written, info: result.info }, () => written.map((item) => `${item.path}\n${item.infotext ?? ''}`).join('\n\n'));
}

export function registerGenerationCommands(program: Command, io: CliIo, hooks: SessionHooks): void {
  withGenerationFlags(program.command('txt2img').description('generate images from a prompt').argument('<prompt>', 'the prompt')).action(
    async (prompt: string, flags: GenerationFlags, command: Command) => {
      const session = openSession(command, io, hooks);
      const job = session.client.txt2img({ prompt, ...generationParams(flags) }, flags.model ? { model: flags.model } : {});
      await runJob(session, job, flags);
    },
  );

  withGenerationFlags(
    program
      .command('img2img')
      .description('generate from an image (inpaint with --mask)')
      .argument('<image>', 'the source image file')
      .argument('<prompt>', 'the prompt')
      .option('--mask <file>', 'inpainting mask (white = repaint)')
      .option('--denoise <strength>', 'denoising strength 0–1', '0.75'),
  ).action(async (image: string, prompt: string, flags: GenerationFlags & { mask?: string; denoise: string }, command: Command) => {
    const session = openSession(command, io, hooks);
    const params = { prompt, ...generationParams(flags), init_images: [image], denoising_strength: number(flags.denoise, '--denoise', false), ...(flags.mask ? { mask: flags.mask } : {}) };
    await runJob(session, session.client.img2img(params, flags.model ? { model: flags.model } : {}), flags);
  });

  withGenerationFlags(program.command('rerun').description("generate again from a PNG's infotext").argument('<file>', 'a PNG made by the webui')).action(
    async (file: string, flags: GenerationFlags, command: Command) => {
      const session = openSession(command, io, hooks);
      const { infotext } = await session.client.readImageInfo(file);
      if (infotext === undefined) throw new UsageError(`${file} has no infotext (parameters chunk); was it re-encoded?`);
      const request = { ...toTxt2imgRequest(parseInfotext(infotext)), ...generationParams(flags) } as Txt2imgParams;
      await runJob(session, session.client.txt2img(request, flags.model ? { model: flags.model } : {}), flags);
    },
  );

  withWebuiFlags(program.command('upscale'))
    .description('upscale an image (extras); the infotext is kept')
    .argument('<image>', 'the image file')
    .option('--scale <factor>', 'upscale factor', '2')
    .option('--upscaler <name>', 'upscaler name (see the webui)', 'Lanczos')
    .option('-o, --output <file>', 'where to write the result', 'upscaled.png')
    .action(async (image: string, flags: { scale: string; upscaler: string; output: string }, command: Command) => {
      const session = openSession(command, io, hooks);
      const result = await session.client.upscale(image, { upscaling_resize: number(flags.scale, '--scale', false), upscaler_1: flags.upscaler });
      await writeFile(flags.output, result.image.bytes);
      session.print({ path: flags.output, htmlInfo: result.htmlInfo }, () => `${flags.output}\n${result.htmlInfo.replace(/<[^>]+>/g, '')}`);
    });
}
