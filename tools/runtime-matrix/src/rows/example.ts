import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readPngParameters } from '@sdwebui/infotext';
import type { CheckResult } from '../subset/index.js';
import { runProcess, type ScriptOptions } from './script.js';

/**
 * Runs one of the README's runtime examples (`examples/*-generate.ts`, as a user would: the mock and
 * the SDK in the runtime's process) with an output path in a fresh folder, and checks what it left:
 * it exits 0, prints the infotext, and writes a PNG whose `parameters` chunk is that infotext.
 */
export async function runExample(
  command: string,
  args: readonly string[],
  options: ScriptOptions,
): Promise<CheckResult[]> {
  const dir = await mkdtemp(join(tmpdir(), 'sdwebui-example-'));
  const output = join(dir, 'output.png');
  try {
    const run = await runProcess(command, [...args.map((arg) => arg.replaceAll('{output}', output)), output], options);
    const name = 'the README example generates an image';
    if (run.timedOut || run.code !== 0) {
      const why = run.timedOut ? `timed out after ${options.timeoutMs} ms` : `exited ${run.code}`;
      return [{ name, ok: false, detail: `${why}\n${(run.stderr || run.stdout).slice(-2000)}` }];
    }
    const png = await readFile(output).catch(() => undefined);
    if (png === undefined) return [{ name, ok: false, detail: `no ${output}` }];
    const infotext = readPngParameters(new Uint8Array(png));
    const printed = run.stdout.includes(`${infotext}\n`);
    return [
      {
        name,
        ok: infotext?.startsWith('a lighthouse at dusk\nSteps: 8, ') === true && printed,
        detail: `${png.length} bytes; ${printed ? 'printed its infotext' : `printed something else than the PNG's infotext ${JSON.stringify(infotext)}`}`,
      },
    ];
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
