import type { Command } from 'commander';
import type { CliContext } from '../context.js';
import { ExitCode, UsageError } from '../errors.js';
import { readInputFile } from '../input-files/index.js';

export function registerPngInfoCommand(program: Command, { io }: CliContext): void {
  program
    .command('png-info')
    .description("read an image's generation parameters locally (no server): a PNG's, or a JPEG's EXIF (SD.Next)")
    .argument('<file>', 'a PNG or JPEG made by the webui')
    .option('--json', 'print the parsed parameters as JSON')
    .action(async (file: string, flags: { json?: boolean }) => {
      const bytes = await readInputFile(file, 'FILE');
      const { isJpeg, isPng, parseInfotext, readImageParameters } = await import('@sdwebui/infotext');
      if (!isPng(bytes) && !isJpeg(bytes)) throw new UsageError(`${file} is not a readable PNG: not a PNG or JPEG`);
      let infotext: string | undefined;
      try {
        infotext = readImageParameters(bytes);
      } catch (error) {
        throw new UsageError(`${file} is not a readable PNG: ${(error as Error).message}`);
      }
      if (infotext === undefined) {
        io.err(`${file} has no generation parameters (no "parameters" chunk, no EXIF UserComment)`);
        throw new ExitCode(1);
      }
      const { params, ...fields } = parseInfotext(infotext);
      const { printable, printableJson } = await import('../terminal-text/index.js');
      io.out(flags.json ? printableJson({ infotext, ...fields, params }, 2) : printable(infotext));
    });
}
