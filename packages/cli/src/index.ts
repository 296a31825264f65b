import { Command, CommanderError } from 'commander';
import type { CliContext, CliHooks, RegisterCommands } from './context.js';
import { registerGenerationCommands } from './commands/generate.js';
import { registerListCommands } from './commands/lists.js';
import { registerMockCommands } from './commands/mock.js';
import { registerOptionsCommands } from './commands/options.js';
import { registerPngInfoCommand } from './commands/png-info.js';
import { registerSpecCommands } from './commands/spec.js';
import { errorLine } from './error-message/index.js';
import { registerQueueCommands } from './commands/queue.js';
import { registerWorkerCommand } from './commands/worker.js';
import { ExitCode, UsageError } from './errors.js';
import { processIo, type CliIo } from './io.js';
import { redact, secretsIn } from './secrets/index.js';
import { printable, printableJson } from './terminal-text/index.js';
import { cliVersion } from './version.js';

export type { CliIo } from './io.js';
export type { CliContext, CliHooks, RegisterCommands } from './context.js';

export interface CliOptions extends CliHooks {
  /** Where to print (default: the process's stdout and stderr). */
  io?: CliIo;
  /** The environment to read `SDWEBUI_URL` and `SDWEBUI_AUTH` from (default: `process.env`). */
  env?: Readonly<Record<string, string | undefined>>;
}

/** Every command group, in `--help` order. A new group is one line here and one file in commands/. */
const COMMANDS: RegisterCommands[] = [
  registerGenerationCommands,
  registerPngInfoCommand,
  registerListCommands,
  registerOptionsCommands,
  registerSpecCommands,
  registerMockCommands,
  registerQueueCommands,
  registerWorkerCommand,
];

/**
 * The SDK's errors for what the person typed, found before anything was generated: an unknown name or
 * script, script arguments the server rules out, an image file that is not one. Exit code 2, like a bad flag.
 */
const TYPED_WRONG = new Set(['unknown-name', 'unknown-script', 'script-args', 'input']);
const typedWrong = (error: unknown) =>
  error instanceof Error && TYPED_WRONG.has(String((error as { kind?: unknown }).kind));

/**
 * Exit codes: 0 success; 1 the command failed (unreachable server, webui error, stale files,
 * bad spec); 2 usage error (unknown command, bad or missing flag, missing file, unknown name);
 * 130 cancelled (Ctrl-C).
 */
export async function runCli(argv: readonly string[], options: CliOptions = {}): Promise<number> {
  const env = options.env ?? process.env;
  const secrets = secretsIn(argv, env);
  const target = options.io ?? processIo;
  // Nothing printed, by us or by commander, may carry a credential.
  let lastError = '';
  const io: CliIo = {
    out: (line) => target.out(redact(line, secrets)),
    err: (line) => {
      lastError = redact(line, secrets);
      target.err(lastError);
    },
  };
  const context: CliContext = { io, env, hooks: options, notes: { typedNames: new Map() } };
  const program = new Command('sdwebui')
    .description('Drive an AUTOMATIC1111 stable-diffusion-webui from the terminal; work on its API spec and mock')
    .version(cliVersion(), '-V, --version', 'print the version')
    .exitOverride()
    .configureOutput({ writeOut: (text) => io.out(text.trimEnd()), writeErr: (text) => io.err(text.trimEnd()) });
  for (const register of COMMANDS) register(program, context);
  try {
    await program.parseAsync([...argv]);
    return 0;
  } catch (error) {
    const code = await failure(error, context, secrets.length > 0);
    // A script reading --json output gets the failure as JSON too (stdout had nothing else to say).
    if (code !== 0 && wantsJson(argv)) io.out(printableJson(jsonFailure(error, code, lastError), 2));
    return code;
  }
}

/** Prints why the command failed (unless it did) and returns the exit code. */
async function failure(error: unknown, context: CliContext, sentCredentials: boolean): Promise<number> {
  if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
  if (error instanceof ExitCode) return error.code;
  if (error instanceof UsageError) {
    // Some usage errors quote a server (its lists) or Redis: printed like every other error line.
    context.io.err(`error: ${printable(error.message)}`);
    return 2;
  }
  context.io.err(`error: ${await errorLine(error, { sentCredentials, ...context.notes })}`);
  return typedWrong(error) ? 2 : 1;
}

/** `--json` among the options (not after `--`). */
const wantsJson = (argv: readonly string[]) => {
  const end = argv.indexOf('--');
  return (end < 0 ? argv : argv.slice(0, end)).includes('--json');
};

/** The failure as the object `--json` prints: the line stderr shows, the exit code, and the SDK's details. */
function jsonFailure(error: unknown, exitCode: number, line: string) {
  const known = (error ?? {}) as { kind?: unknown; suggestions?: unknown; nameKind?: unknown; unknownName?: unknown };
  const kind = error instanceof UsageError || error instanceof CommanderError ? 'usage' : known.kind;
  return {
    error: {
      message: line.replace(/^error: /, ''),
      exitCode,
      ...(typeof kind === 'string' ? { kind } : {}),
      ...(typeof known.nameKind === 'string' ? { nameKind: known.nameKind, name: known.unknownName } : {}),
      ...(Array.isArray(known.suggestions) && known.suggestions.length ? { suggestions: known.suggestions } : {}),
    },
  };
}
