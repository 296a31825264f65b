import type { Command } from 'commander';
import type { CliContext } from '../context.js';
import { UsageError } from '../errors.js';
import { collect, decimalNumber } from '../flag-values/index.js';
import type { GenerationFlags } from '../generation/request.js';
import { readImageFile, readInputFile } from '../input-files/index.js';
import { openSession, withWebuiFlags } from '../webui-session.js';

/** Flags every generation command has. */
function withGenerationFlags(command: Command): Command {
  return withRequestFlags(withWebuiFlags(command));
}

/** The request and output flags of a generation, also those of `queue submit` (which talks to no webui). */
export function withRequestFlags(command: Command): Command {
  return command
    .option('--negative <text>', 'negative prompt')
    .option('--steps <n>', 'sampling steps, 1–10000')
    .option('--model <name>', 'checkpoint for this request (title, file name or hash; `sdwebui models`)')
    .option('--vae <name>', 'VAE for this request (`sdwebui vaes`; Automatic, None)')
    .option('--clip-skip <n>', 'CLIP skip for this request, 1–12')
    .option('--sampler <name>', 'sampler, e.g. "DPM++ 2M" (`sdwebui samplers`)')
    .option('--scheduler <name>', 'scheduler, e.g. Karras (webui 1.9+, not SD.Next; `sdwebui schedulers`)')
    .option('--size <WxH>', 'image size, multiples of 8, e.g. 512x768')
    .option('--batch-size <n>', 'images per batch, 1–100')
    .option('--batch-count <n>', 'batches one after the other (n_iter), 1–1000')
    .option('--seed <n>', 'seed, 0–4294967295 (-1: random)')
    .option('--cfg <scale>', 'CFG scale, 0–100')
    .option('--set <key=value>', 'any other request field, value as JSON when it parses (repeatable)', collect, [])
    .option('--body <file.json>', 'request fields from a JSON file (flags and --set override it)')
    .option(
      '--controlnet <module:model:image[:weight]>',
      'a ControlNet unit, e.g. canny:control_v11p_sd15_canny:pose.png:0.8 (repeatable)',
      collect,
      [],
    )
    .option(
      '--adetailer <model>',
      'an ADetailer pass with this detector, e.g. face_yolov8n.pt (repeatable)',
      collect,
      [],
    )
    .option('-o, --output <file>', 'where to write the image (more than one: numbered)')
    .option(
      '--out-dir <dir>',
      'folder for the images, named like the webui: <index>-<seed>.png (.jpg when the server sends JPEG: SD.Next)',
    )
    .option('--overwrite', 'replace files that exist (default: refuse)');
}

/** Hires fix: txt2img only (and rerun, which is a txt2img; and `queue submit`). */
export function withHiresFlags(command: Command): Command {
  return command
    .option('--hires', 'enable hires fix (any --hires-* flag implies it)')
    .option('--hires-scale <x>', 'hires upscale factor, 1–8')
    .option('--hires-upscaler <name>', 'hires upscaler, e.g. Latent or R-ESRGAN 4x+ (`sdwebui upscalers`)')
    .option('--hires-steps <n>', 'hires steps (0: same as --steps)')
    .option('--hires-denoise <strength>', 'hires denoising strength, 0–1');
}

/** Checks flags, then loads the SDK and starts the job. */
async function generate(
  kind: 'txt2img' | 'img2img',
  base: Record<string, unknown>,
  flags: GenerationFlags,
  command: Command,
  context: CliContext,
): Promise<void> {
  const { generationRequest, generationSettings } = await import('../generation/request.js');
  const request = await generationRequest(flags, base);
  const settings = generationSettings(flags);
  if (flags.output !== undefined && flags.outDir !== undefined)
    throw new UsageError('use -o FILE or --out-dir DIR, not both');
  const { checkOutputName, possibleOutputPaths, refuseExisting } = await import('../output-files/index.js');
  // Spare the webui a generation whose image could not be written (-o names one file, by any image extension).
  if (flags.output !== undefined) {
    checkOutputName(flags.output, '-o');
    await refuseExisting(possibleOutputPaths(flags.output), flags.overwrite === true);
  }
  const session = await openSession(command, context);
  // Names (and scripts) are checked by the SDK before it sends anything; its error names the flag.
  const { typedNames } = await import('../generation/names.js');
  context.notes.typedNames = typedNames(flags);
  const job =
    kind === 'txt2img' ? session.client.txt2img(request, settings) : session.client.img2img(request as never, settings);
  const { runJob } = await import('../generation/run-job.js');
  await runJob(session, job, {
    target: flags.output !== undefined ? { file: flags.output } : { dir: flags.outDir ?? '.' },
    overwrite: flags.overwrite === true,
  });
}

export function registerGenerationCommands(program: Command, context: CliContext): void {
  withHiresFlags(
    withGenerationFlags(
      program.command('txt2img').description('generate images from a prompt').argument('<prompt>', 'the prompt'),
    ),
  ).action((prompt: string, flags: GenerationFlags, command: Command) =>
    generate('txt2img', { prompt }, flags, command, context),
  );

  withGenerationFlags(
    program
      .command('img2img')
      .description('generate from an image (inpaint with --mask)')
      .argument('<image>', 'the source image file')
      .argument('<prompt>', 'the prompt')
      .option('--mask <file>', 'inpainting mask (white = repaint)')
      .option('--denoise <strength>', 'denoising strength, 0–1 (webui default 0.75)'),
  ).action(async (image: string, prompt: string, flags: GenerationFlags, command: Command) => {
    const source = await readImageFile(image, 'IMAGE');
    const mask = flags.mask === undefined ? undefined : await readImageFile(flags.mask, '--mask');
    await generate('img2img', { prompt, init_images: [source], ...(mask ? { mask } : {}) }, flags, command, context);
  });

  withHiresFlags(
    withGenerationFlags(
      program
        .command('rerun')
        .description("generate again from an image's infotext (PNG, or SD.Next's JPEG)")
        .argument('<file>', 'a PNG or JPEG made by the webui'),
    ),
  ).action(async (file: string, flags: GenerationFlags, command: Command) => {
    const bytes = await readInputFile(file, 'FILE');
    const { parseInfotext, readImageParameters, toTxt2imgRequest } = await import('@sdwebui/infotext');
    let infotext: string | undefined;
    try {
      infotext = readImageParameters(bytes);
    } catch (error) {
      throw new UsageError(`${file} is not a PNG the webui made: ${(error as Error).message}`);
    }
    if (infotext === undefined)
      throw new UsageError(`${file} has no infotext (parameters chunk or EXIF UserComment); was it re-encoded?`);
    const fromFile = toTxt2imgRequest(parseInfotext(infotext)) as unknown as Record<string, unknown>;
    await generate('txt2img', fromFile, flags, command, context);
  });

  withWebuiFlags(program.command('upscale'))
    .description('upscale an image (extras); the infotext is kept')
    .argument('<image>', 'the image file')
    .option('--scale <factor>', 'upscale factor, 1–8', '2')
    .option('--upscaler <name>', 'upscaler name (`sdwebui upscalers`)', 'Lanczos')
    .option('-o, --output <file>', 'where to write the result', 'upscaled.png')
    .option('--overwrite', 'replace the file if it exists (default: refuse)')
    .action(
      async (
        image: string,
        flags: { scale: string; upscaler: string; output: string; overwrite?: boolean },
        command: Command,
      ) => {
        const scale = decimalNumber(flags.scale, '--scale', { min: 1, max: 8 });
        const { checkOutputName, outputPaths, possibleOutputPaths, refuseExisting, writeOutputFiles } = await import(
          '../output-files/index.js'
        );
        checkOutputName(flags.output, '-o');
        const bytes = await readImageFile(image, 'IMAGE');
        const [path] = outputPaths({ file: flags.output }, [undefined]) as [string];
        await refuseExisting(possibleOutputPaths(flags.output), flags.overwrite === true);
        const session = await openSession(command, context);
        // The SDK checks the upscaler before sending; its error names the flag.
        context.notes.typedNames.set(`upscaler:${flags.upscaler}`, '--upscaler');
        const result = await session.client.upscale(bytes, { upscaling_resize: scale, upscaler_1: flags.upscaler });
        // Named by the format the server sent (a JPEG under -o x.png is written as x.jpg).
        const [written] = outputPaths({ file: flags.output }, [undefined], [result.image.mimeType]) as [string];
        if (written !== path) await refuseExisting([written], flags.overwrite === true);
        await writeOutputFiles([{ path: written, bytes: result.image.bytes }], flags.overwrite === true);
        const { printable } = await import('../terminal-text/index.js');
        session.print(
          { path: written, htmlInfo: result.htmlInfo },
          () => `${written}\n${printable(result.htmlInfo.replace(/<[^>]+>/g, ''))}`,
        );
      },
    );
}
