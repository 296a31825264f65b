import type { Command } from 'commander';
import type { JobProgress } from '@sdwebui/client';
import type { CliIo } from './io.js';

/** Hooks the tests use instead of the terminal and the process's signals. */
export interface CliHooks {
  /** Every progress report of a generation command (the bar shows the same). */
  onProgress?: (progress: JobProgress) => void;
  /** Registers what Ctrl-C does during a generation; default: the first SIGINT runs it. */
  onInterrupt?: (handler: () => void) => void;
  /** Resolves when a server command (`mock`, `record`) should stop; default: SIGINT or SIGTERM. */
  untilStopped?: () => Promise<void>;
  /** Where the progress bar draws (default: stderr); it draws only on a terminal (`isTTY`). */
  progressStream?: NodeJS.WritableStream & { isTTY?: boolean };
}

/** What every command gets: where to print, the environment, and the hooks. */
export interface CliContext {
  io: CliIo;
  /** `SDWEBUI_URL`, `SDWEBUI_AUTH`… (default: `process.env`). */
  env: Readonly<Record<string, string | undefined>>;
  hooks: CliHooks;
  /** What the running command learned that its error message needs (filled as it goes). */
  notes: CommandNotes;
}

/** Filled by a command as it runs, read when it fails: the error line speaks of what the person typed. */
export interface CommandNotes {
  /** Where the credentials came from (`--auth`, `--url`, `SDWEBUI_AUTH`, `SDWEBUI_URL`). */
  credentialSource?: string;
  /** `<nameKind>:<name>` → the flag the name was typed in (`model:deliberate` → `--model`). */
  typedNames: Map<string, string>;
}

/**
 * Adds one group of commands to the program. Definitions import only commander and small
 * modules; each action imports what it needs (client, spec tooling, mock) when it runs, so
 * `sdwebui png-info` does not load TypeScript.
 */
export type RegisterCommands = (program: Command, context: CliContext) => void;
