import { Command, CommanderError } from 'commander';
import { SdwebuiError } from '@sdwebui/client';
import { SpecPullError } from '@sdwebui/spec';
import { registerGenerationCommands } from './commands/generate.js';
import { registerInspectCommands } from './commands/inspect.js';
import { registerMockCommands, type MockCommandHooks } from './commands/mock.js';
import { registerSpecCommands } from './commands/spec.js';
import { registerQueueCommands } from './commands/queue.js';
import { registerWorkerCommand } from './commands/worker.js';
import { ExitCode, UsageError } from './errors.js';
import { processIo, type CliIo } from './io.js';
import type { SessionHooks } from './webui-session.js';

export { type CliIo } from './io.js';

export interface CliOptions extends MockCommandHooks, SessionHooks {
  io?: CliIo;
}

/**
 * Exit codes: 0 success; 1 the command failed (unreachable server, webui error, stale files,
 * bad spec); 2 usage error (unknown command, missing or malformed flag); 130 cancelled (Ctrl-C).
 */
export async function runCli(argv: readonly string[], options: CliOptions = {}): Promise<number> {
  const io = options.io ?? processIo;
  const program = new Command('sdwebui')
    .description('Tools for the AUTOMATIC1111 stable-diffusion-webui API')
    .exitOverride()
    .configureOutput({ writeOut: (text) => io.out(text.trimEnd()), writeErr: (text) => io.err(text.trimEnd()) });
  registerGenerationCommands(program, io, options);
  registerInspectCommands(program, io, options);
  registerSpecCommands(program, io);
  registerMockCommands(program, io, options);
  registerQueueCommands(program, io);
  registerWorkerCommand(program, io, options);
  try {
    await program.parseAsync([...argv]);
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    if (error instanceof ExitCode) return error.code;
    if (error instanceof UsageError) {
      io.err(`error: ${error.message} (see --help)`);
      return 2;
    }
    if (error instanceof SpecPullError || error instanceof SdwebuiError) {
      io.err(`error: ${error.message}`);
      return 1;
    }
    io.err(`error: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
}
