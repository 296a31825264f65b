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

/**
 * The webui URL and credentials from flags, then the environment; credentials in the URL move to
 * auth. Flags win over the environment; credentials given twice at one level (`--url` with
 * credentials and `--auth`, or `SDWEBUI_URL` with credentials and `SDWEBUI_AUTH`) are refused, as
 * the SDK refuses them, rather than one silently winning. `source` names where they came from.
 */
export function webuiAddress(
  flags: { url?: string; auth?: string },
  env: CliContext['env'],
  urlFlag = '--url',
): { url: string; auth?: string; source?: string } {
  const urlSource = flags.url ? urlFlag : 'SDWEBUI_URL';
  const { url, auth: urlAuth } = splitUrlCredentials(flags.url ?? env.SDWEBUI_URL ?? DEFAULT_URL, urlSource);
  const given = (value: string | undefined) => value !== undefined && value !== '';
  // One level per source of settings: the command line, then the environment.
  const levels: Array<Array<[string | undefined, string]>> = [
    [
      [flags.auth, '--auth'],
      [flags.url ? urlAuth : undefined, urlFlag],
    ],
    [
      [env.SDWEBUI_AUTH, 'SDWEBUI_AUTH'],
      [flags.url ? undefined : urlAuth, 'SDWEBUI_URL'],
    ],
  ];
  for (const level of levels) {
    const present = level.filter(([value]) => given(value));
    if (present.length === 0) continue;
    if (present.length > 1) {
      throw new UsageError(
        `credentials given twice, in ${present.map(([, where]) => where).join(' and ')}: give them once`,
      );
    }
    const [auth, source] = present[0] as [string, string];
    if (!/^[^:]+:/.test(auth)) throw new UsageError(`${source} credentials must be user:pass`);
    return { url, auth, source };
  }
  return { url };
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
  const { url, auth, source } = webuiAddress(flags, context.env);
  context.notes.credentialSource = source;
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
