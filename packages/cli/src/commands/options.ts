import type { Command } from 'commander';
import type { CliContext } from '../context.js';
import { UsageError } from '../errors.js';
import { assignment } from '../flag-values/index.js';
import { openSession, withWebuiFlags } from '../webui-session.js';

/** A setting's value as a person reads it: text as it is, anything else as JSON. */
const shown = (value: unknown) => (typeof value === 'string' ? value : JSON.stringify(value));

/** Settings whose values are names the SDK checks, so an unknown one is reported under its key. */
const NAMED_SETTINGS: Record<string, string> = {
  sd_model_checkpoint: 'model',
  sd_vae: 'vae',
  forge_additional_modules: 'module',
};

export function registerOptionsCommands(program: Command, context: CliContext): void {
  const options = program.command('options').description('read or change the webui settings');
  withWebuiFlags(options.command('get'))
    .description('print every setting, or one')
    .argument('[key]', 'one setting (default: all)')
    .action(async (key: string | undefined, _flags: unknown, command: Command) => {
      const session = await openSession(command, context);
      const all = (await session.client.getOptions()) as Record<string, unknown>;
      if (key !== undefined && !Object.hasOwn(all, key)) {
        const [{ closestNames }, { unknownNameLine }] = await Promise.all([
          import('@sdwebui/internal/closest-names'),
          import('../error-message/index.js'),
        ]);
        throw new UsageError(await unknownNameLine(key, 'option', closestNames(key, Object.keys(all))));
      }
      const { printable } = await import('../terminal-text/index.js');
      session.print(key === undefined ? all : all[key], () =>
        printable(
          key === undefined
            ? Object.entries(all)
                .map(([name, item]) => `${name} = ${JSON.stringify(item)}`)
                .join('\n')
            : shown(all[key]),
        ),
      );
    });
  withWebuiFlags(options.command('set'))
    .description('change settings (persistently, as the webui settings page does)')
    .argument('<assignments...>', 'KEY=VALUE pairs (value as JSON when it parses), e.g. CLIP_stop_at_last_layers=2')
    .action(async (assignments: string[], _flags: unknown, command: Command) => {
      const changes = Object.fromEntries(assignments.map((text) => assignment(text, 'options set')));
      const session = await openSession(command, context);
      for (const [key, kind] of Object.entries(NAMED_SETTINGS)) {
        for (const name of [changes[key]].flat()) {
          if (typeof name === 'string') context.notes.typedNames.set(`${kind}:${name}`, key);
        }
      }
      // The SDK checks the keys and the names among the values before it sends anything.
      await session.client.setOptions(changes);
      session.print({ changed: changes }, () => `set ${Object.keys(changes).join(', ')}`);
    });
}
