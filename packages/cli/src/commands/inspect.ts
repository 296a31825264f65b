import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { parseInfotext, readPngParameters } from '@sdwebui/infotext';
import { ExitCode, UsageError } from '../errors.js';
import type { CliIo } from '../io.js';
import { openSession, withWebuiFlags, type SessionHooks } from '../webui-session.js';

/** `KEY=VALUE`: the value as JSON when it parses (numbers, booleans, lists), else the text. */
export function parseAssignment(text: string): [string, unknown] {
  const at = text.indexOf('=');
  if (at <= 0) throw new UsageError(`expected KEY=VALUE, got "${text}"`);
  const raw = text.slice(at + 1);
  try {
    return [text.slice(0, at), JSON.parse(raw)];
  } catch {
    return [text.slice(0, at), raw];
  }
}

export function registerInspectCommands(program: Command, io: CliIo, hooks: SessionHooks): void {
  program
    .command('png-info')
    .description("read a PNG's generation parameters locally (no server)")
    .argument('<file>', 'a PNG made by the webui')
    .option('--json', 'print the parsed parameters as JSON')
    .action(async (file: string, _flags: unknown, command: Command) => {
      const json = (command.opts() as { json?: boolean }).json === true;
      const bytes = await readFile(file).catch((error: NodeJS.ErrnoException) => {
        throw new UsageError(`cannot read ${file}: ${error.code ?? error.message}`);
      });
      let infotext: string | undefined;
      try {
        infotext = readPngParameters(new Uint8Array(bytes));
      } catch (error) {
        throw new UsageError(`${file}: ${(error as Error).message}`);
      }
      if (infotext === undefined) {
        io.err(`${file} has no generation parameters (no "parameters" chunk)`);
        throw new ExitCode(1);
      }
      const { params, ...fields } = parseInfotext(infotext);
      io.out(json ? JSON.stringify({ infotext, ...fields, params }, null, 2) : infotext);
    });

  withWebuiFlags(program.command('models'))
    .description('list the checkpoints the webui knows')
    .action(async (_flags: unknown, command: Command) => {
      const session = openSession(command, io, hooks);
      const models = await session.client.listModels();
      session.print(models, () => models.map((model) => model.title).join('\n'));
    });

  withWebuiFlags(program.command('samplers'))
    .description('list the samplers (and schedulers, webui 1.9+)')
    .action(async (_flags: unknown, command: Command) => {
      const session = openSession(command, io, hooks);
      const [samplers, schedulers] = await Promise.all([session.client.samplers(), session.client.schedulers()]);
      session.print({ samplers, schedulers }, () =>
        [...samplers.map((sampler) => sampler.name), ...(schedulers.length ? ['', `schedulers: ${schedulers.map((item) => item.label).join(', ')}`] : [])].join('\n'),
      );
    });

  const options = program.command('options').description('read or change the webui settings');
  withWebuiFlags(options.command('get'))
    .argument('[key]', 'one setting (default: all)')
    .action(async (key: string | undefined, _flags: unknown, command: Command) => {
      const session = openSession(command, io, hooks);
      const all = (await session.client.getOptions()) as Record<string, unknown>;
      if (key !== undefined && !(key in all)) throw new UsageError(`the webui has no setting "${key}"`);
      const value = key === undefined ? all : all[key];
      session.print(value, () => (key === undefined ? Object.entries(all).map(([name, item]) => `${name} = ${JSON.stringify(item)}`).join('\n') : JSON.stringify(value)));
    });
  withWebuiFlags(options.command('set'))
    .argument('<assignments...>', 'KEY=VALUE pairs, e.g. sd_model_checkpoint=deliberate_v2 CLIP_stop_at_last_layers=2')
    .action(async (assignments: string[], _flags: unknown, command: Command) => {
      const session = openSession(command, io, hooks);
      const changes = Object.fromEntries(assignments.map(parseAssignment));
      await session.client.setOptions(changes);
      session.print({ changed: changes }, () => `set ${Object.keys(changes).join(', ')}`);
    });
}
