import { redactUrl } from '../secrets/index.js';
import { printable } from '../terminal-text/index.js';

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
}

/** The `sdwebui` command listing each kind of name the SDK checks. */
const NAME_LISTS: Record<string, string> = {
  model: 'models',
  vae: 'vaes',
  sampler: 'samplers',
  scheduler: 'schedulers',
  upscaler: 'upscalers',
  'hires-upscaler': 'upscalers',
};

/** The SDK's own name check (a name from --set or --body): reworded with the command that lists them. */
function unknownName(known: KnownError): string | undefined {
  const match = /^unknown ([\w-]+) ("[^"]*")/.exec(known.message);
  const list = match ? NAME_LISTS[match[1] as string] : undefined;
  if (match === null || list === undefined) return undefined;
  const closest = known.suggestions?.length ? `; closest: ${known.suggestions.join(', ')}` : '';
  return `unknown ${match[1]} ${match[2]} on this webui${closest} (\`sdwebui ${list}\` lists them)`;
}

const CREDENTIALS_ADVICE = 'pass --auth user:pass or set SDWEBUI_AUTH';

/**
 * The one line the CLI prints for a failure, in terms of its own flags and environment variables
 * (the SDK's messages name SDK options). Credentials in URLs are masked here too, and control
 * characters dropped: the SDK's messages quote what the webui said (a `detail`, a 422's `loc`
 * and `msg`, the scripts it lists), and a queue job's reason is a backend's text kept in Redis.
 */
export function errorLine(error: unknown, context: { sentCredentials: boolean }): string {
  return printable(reworded(error, context));
}

function reworded(error: unknown, context: { sentCredentials: boolean }): string {
  if (!(error instanceof Error)) return redactUrl(String(error));
  const known = error as KnownError;
  const at = known.operation ? `${known.operation}: ` : '';
  switch (known.name) {
    case 'AuthError':
      return context.sentCredentials
        ? `${at}the webui rejected the credentials: check --auth / SDWEBUI_AUTH against its --api-auth`
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
      if (known.kind === 'unknown-name') return unknownName(known) ?? redactUrl(known.message);
      const detail = (known.body as { detail?: unknown } | null | undefined)?.detail;
      if (detail === 'Not Found')
        return `${at}no such route: is --url a webui started with --api, and does its version have this?`;
      if (detail === 'Sampler not found') return `${at}unknown sampler: \`sdwebui samplers\` lists them`;
      return redactUrl(known.message);
    }
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
