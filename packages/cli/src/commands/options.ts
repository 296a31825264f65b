import type { Command } from 'commander';
import type { CliContext } from '../context.js';
import { UsageError } from '../errors.js';
import { assignment } from '../flag-values/index.js';
import { openSession, withWebuiFlags, type Session } from '../webui-session.js';

/** The webui's settings, and a one-line error with close matches for a key it does not have. */
async function settings(session: Session, keys: string[]): Promise<Record<string, unknown>> {
  const all = (await session.client.getOptions()) as Record<string, unknown>;
  const unknown = keys.find((key) => !Object.hasOwn(all, key));
  if (unknown !== undefined) {
    const { didYouMean } = await import('../close-matches/index.js');
    throw new UsageError(
      `the webui has no setting "${unknown}"${didYouMean(unknown, Object.keys(all))}` +
        ' (`sdwebui options get` lists them)',
    );
  }
  return all;
}

export function registerOptionsCommands(program: Command, context: CliContext): void {
  const options = program.command('options').description('read or change the webui settings');
  withWebuiFlags(options.command('get'))
    .description('print every setting, or one')
    .argument('[key]', 'one setting (default: all)')
    .action(async (key: string | undefined, _flags: unknown, command: Command) => {
      const session = await openSession(command, context);
      const all = await settings(session, key === undefined ? [] : [key]);
      const value = key === undefined ? all : all[key];
      const { printable } = await import('../terminal-text/index.js');
      session.print(value, () =>
        printable(
          key === undefined
            ? Object.entries(all)
                .map(([name, item]) => `${name} = ${JSON.stringify(item)}`)
                .join('\n')
            : JSON.stringify(value),
        ),
      );
    });
  withWebuiFlags(options.command('set'))
    .description('change settings (persistently, as the webui settings page does)')
    .argument('<assignments...>', 'KEY=VALUE pairs (value as JSON when it parses), e.g. CLIP_stop_at_last_layers=2')
    .action(async (assignments: string[], _flags: unknown, command: Command) => {
      const changes = Object.fromEntries(assignments.map((text) => assignment(text, 'options set')));
      const session = await openSession(command, context);
      await settings(session, Object.keys(changes));
      await session.client.setOptions(changes);
      session.print({ changed: changes }, () => `set ${Object.keys(changes).join(', ')}`);
    });
}
