import type { Command } from 'commander';
import type { WebuiClient } from '@sdwebui/client';
import type { CliContext } from './context.js';
import { UsageError } from './errors.js';
import { splitUrlCredentials } from './secrets/index.js';
import { printableJson } from './terminal-text/index.js';

const DEFAULT_URL = 'http://127.0.0.1:7860';

interface WebuiFlags {
  url?: string;
  auth?: string;
  json?: boolean;
}

/**
 * `--url`, `--auth`, `--json` on every command that talks to a webui. No defaults in commander:
 * `--help` would print the value of SDWEBUI_AUTH.
 */
export function withWebuiFlags(command: Command): Command {
  return command
    .option('--url <url>', `the webui (default: $SDWEBUI_URL, else ${DEFAULT_URL})`)
    .option('--auth <user:pass>', 'credentials for a webui started with --api-auth (default: $SDWEBUI_AUTH)')
    .option('--json', 'print machine-readable JSON on stdout');
}

/** The webui URL and credentials from flags, then the environment; credentials in the URL move to auth. */
export function webuiAddress(
  flags: { url?: string; auth?: string },
  env: CliContext['env'],
  urlFlag = '--url',
): { url: string; auth?: string } {
  const { url, auth: urlAuth } = splitUrlCredentials(
    flags.url ?? env.SDWEBUI_URL ?? DEFAULT_URL,
    flags.url ? urlFlag : 'SDWEBUI_URL',
  );
  const [auth, source] =
    flags.auth !== undefined
      ? [flags.auth, '--auth']
      : urlAuth !== undefined
        ? [urlAuth, urlFlag]
        : [env.SDWEBUI_AUTH, 'SDWEBUI_AUTH'];
  if (auth === undefined || auth === '') return { url };
  if (!/^[^:]+:/.test(auth)) throw new UsageError(`${source} credentials must be user:pass`);
  return { url, auth };
}

export interface Session {
  client: WebuiClient;
  json: boolean;
  context: CliContext;
  /** Prints `value` as JSON with --json, else the human text. */
  print(value: unknown, text: () => string): void;
}

/** Loads the SDK (only now) and connects it to the webui the flags and environment name. */
export async function openSession(command: Command, context: CliContext): Promise<Session> {
  const flags = command.opts() as WebuiFlags;
  const { url, auth } = webuiAddress(flags, context.env);
  const { createWebuiClient } = await import('@sdwebui/client');
  const client = createWebuiClient({ baseUrl: url, ...(auth !== undefined ? { auth } : {}) });
  const json = flags.json === true;
  return {
    client,
    json,
    context,
    print: (value, text) => context.io.out(json ? printableJson(value, 2) : text()),
  };
}
