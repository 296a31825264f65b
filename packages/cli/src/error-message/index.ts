import { redactUrl } from '../secrets/index.js';
import { printable, quoted } from '../terminal-text/index.js';

/** Fields of the SDK's and the spec pipeline's errors the CLI rewords (matched by name: no import). */
interface KnownError extends Error {
  operation?: string;
  status?: number;
  body?: unknown;
  url?: string;
  code?: string;
  timeoutMs?: number;
  /** The SDK's error kind (`ErrorKind`), e.g. `connection-lost` vs `unreachable`. */
  kind?: string;
  /** Close matches of an unknown name (the SDK's name check). */
  suggestions?: readonly string[];
  /** The SDK's name check: which list (`NameKind`) and which name. */
  nameKind?: string;
  unknownName?: string;
}

/** Each kind of name the SDK checks: how to call it, and the `sdwebui` command listing them. */
const NAME_KINDS: Record<string, { what: string; list: string }> = {
  model: { what: 'a checkpoint', list: 'models' },
  vae: { what: 'a VAE', list: 'vaes' },
  sampler: { what: 'a sampler', list: 'samplers' },
  scheduler: { what: 'a scheduler', list: 'schedulers' },
  upscaler: { what: 'an upscaler', list: 'upscalers' },
  'hires-upscaler': { what: 'an upscaler', list: 'upscalers' },
  'controlnet-module': { what: 'a ControlNet module', list: 'controlnet-modules' },
  'controlnet-model': { what: 'a ControlNet model', list: 'controlnet-models' },
  'adetailer-model': { what: 'an ADetailer model', list: 'adetailer-models' },
  module: { what: "one of Forge's modules", list: 'modules' },
  option: { what: 'a setting', list: 'options get' },
};

/** What the running command knows that the SDK does not: where the credentials and typed names came from. */
export interface ErrorContext {
  sentCredentials: boolean;
  /** The flag or variable the credentials came from (`--auth`, `--url`, `SDWEBUI_AUTH`, `SDWEBUI_URL`). */
  credentialSource?: string;
  /** `<nameKind>:<name>` → the flag the person typed it in (`model:deliberate` → `--model`). */
  typedNames?: ReadonlyMap<string, string>;
}

/**
 * An unknown name, in one line with plausible close matches and the command that lists them:
 * `--model "deliberate" is not a checkpoint on this webui; did you mean "deliberate_v2 [..]"? (…)`.
 * The flag is named when the person typed the name in one; else the name alone (`--set`, `--body`).
 */
export async function unknownNameLine(
  name: string,
  kind: string,
  suggestions: readonly string[],
  typedNames?: ReadonlyMap<string, string>,
): Promise<string> {
  // Loaded only now: nothing but commander loads before a command runs.
  const { didYouMean } = await import('../close-matches/index.js');
  const { what, list } = NAME_KINDS[kind] ?? { what: `a ${kind}`, list: '' };
  const flag = typedNames?.get(`${kind}:${name}`);
  const where = list ? ` (\`sdwebui ${list}\` lists them)` : '';
  return printable(
    `${flag ? `${flag} ` : ''}"${quoted(name)}" is not ${what} on this webui${didYouMean(name, suggestions)}${where}`,
  );
}

const CREDENTIALS_ADVICE = 'pass --auth user:pass or set SDWEBUI_AUTH';

/**
 * The one line the CLI prints for a failure, in terms of its own flags and environment variables
 * (the SDK's messages name SDK options). Credentials in URLs are masked here too, and control
 * characters dropped: the SDK's messages quote what the webui said (a `detail`, a 422's `loc`
 * and `msg`, the scripts it lists), and a queue job's reason is a backend's text kept in Redis.
 */
export async function errorLine(error: unknown, context: ErrorContext): Promise<string> {
  return printable(await reworded(error, context));
}

async function reworded(error: unknown, context: ErrorContext): Promise<string> {
  if (!(error instanceof Error)) return redactUrl(String(error));
  const known = error as KnownError;
  const at = known.operation ? `${known.operation}: ` : '';
  switch (known.name) {
    case 'AuthError':
      return context.sentCredentials
        ? `${at}the webui rejected the credentials: check ${context.credentialSource ?? '--auth / SDWEBUI_AUTH'} against its --api-auth`
        : `${at}the webui requires credentials (it runs with --api-auth): ${CREDENTIALS_ADVICE}`;
    case 'ConnectionError':
      if (known.kind === 'connection-lost')
        return (
          `the connection to ${redactUrl(known.url ?? 'the webui')} broke after the webui began to answer; ` +
          'the work may have run on the server (`sdwebui interrupt` stops a running generation)'
        );
      return (
        `cannot reach ${redactUrl(known.url ?? 'the webui')}${known.code ? ` (${known.code})` : ''}: ` +
        'is the webui running, started with --api, at this address? (--url or SDWEBUI_URL)'
      );
    case 'TimeoutError':
      // The SDK's advice says what became of the job; only its option names are the SDK's.
      return redactUrl(
        known.message
          .replace(/raise timeoutMs/g, 'raise --timeout')
          .replace(/call client\.interrupt\(\)/g, 'run `sdwebui interrupt`'),
      );
    case 'NotFoundError': {
      if (known.kind === 'unknown-name' && known.nameKind !== undefined && known.unknownName !== undefined)
        return unknownNameLine(known.unknownName, known.nameKind, known.suggestions ?? [], context.typedNames);
      const detail = (known.body as { detail?: unknown } | null | undefined)?.detail;
      if (detail === 'Not Found')
        return `${at}no such route: is --url a webui started with --api, and does its version have this?`;
      if (detail === 'Sampler not found') return `${at}unknown sampler: \`sdwebui samplers\` lists them`;
      return redactUrl(known.message);
    }
    case 'UnsupportedError':
      // The SDK names its calls; the CLI, its commands (`client.modules()` → `sdwebui modules`).
      return printable(redactUrl(known.message.replace(/client\.(vaes|modules)\(\)/g, '`sdwebui $1`')));
    case 'ScriptError':
      // The SDK's advice names its option; the CLI's is the listing command.
      return printable(
        redactUrl(
          known.message.replace(
            /\(names are matched case-insensitively; checkNames: false sends them unchecked\)/,
            '(`sdwebui scripts` lists them; names are matched case-insensitively)',
          ),
        ),
      );
    case 'SpecPullError':
      if (known.code === 'unauthorized')
        return redactUrl(known.message.replace(/pass --user user:password$/, CREDENTIALS_ADVICE));
      return redactUrl(known.message);
    case 'QueueConnectionError':
      return `${redactUrl(known.message)}: is redis-server running there? (--redis or REDIS_URL)`;
    default:
      return redactUrl(known.message);
  }
}
