import type { Command } from 'commander';
import { createWebuiClient, type JobProgress, type WebuiClient } from '@sdwebui/client';
import type { CliIo } from './io.js';

/** Hooks the tests use instead of the terminal and the process's signals. */
export interface SessionHooks {
  /** Every progress report of a generation command (the bar shows the same). */
  onProgress?: (progress: JobProgress) => void;
  /** Registers what Ctrl-C does; default: the first SIGINT runs it. */
  onInterrupt?: (handler: () => void) => void;
}

export interface GlobalFlags {
  url: string;
  auth?: string;
  json?: boolean;
}

/** `--url`, `--auth`, `--json` on every command that talks to a webui. */
export function withWebuiFlags(command: Command): Command {
  return command
    .option('--url <url>', 'the webui (env SDWEBUI_URL)', process.env.SDWEBUI_URL ?? 'http://127.0.0.1:7860')
    .option('--auth <user:pass>', "credentials for a webui started with --api-auth (env SDWEBUI_AUTH)", process.env.SDWEBUI_AUTH)
    .option('--json', 'print machine-readable JSON on stdout');
}

export interface Session {
  client: WebuiClient;
  flags: GlobalFlags;
  io: CliIo;
  hooks: SessionHooks;
  /** Prints `value` as JSON with --json, else the human text. */
  print(value: unknown, text: () => string): void;
}

export function openSession(command: Command, io: CliIo, hooks: SessionHooks): Session {
  const flags = command.opts() as GlobalFlags;
  const client = createWebuiClient({ baseUrl: flags.url, ...(flags.auth ? { auth: flags.auth } : {}) });
  return {
    client,
    flags,
    io,
    hooks,
    print: (value, text) => io.out(flags.json ? JSON.stringify(value, null, 2) : text()),
  };
}
