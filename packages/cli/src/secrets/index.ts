import { UsageError } from '../errors.js';

/** A URL without its `user:pass@` part, and those credentials if it had them. */
export function splitUrlCredentials(text: string, flag: string): { url: string; auth?: string } {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new UsageError(`${flag} must be an http(s) URL like http://127.0.0.1:7860, got "${redactUrl(text)}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new UsageError(`${flag} must be an http(s) URL, got ${url.protocol}`);
  if (url.username === '' && url.password === '') return { url: text.replace(/\/+$/, '') };
  const auth = `${decoded(url.username)}:${decoded(url.password)}`;
  url.username = '';
  url.password = '';
  return { url: url.href.replace(/\/+$/, ''), auth };
}

/** `scheme://user:pass@host` → `scheme://***@host`, anywhere in a text. */
export function redactUrl(text: string): string {
  return text.replace(/([a-z][a-z0-9+.-]*:\/\/)[^/\s@]*@/gi, '$1***@');
}

/** Percent-decoded when it decodes; a malformed escape (`%zz`) stays as typed rather than throwing. */
function decoded(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/**
 * Everything secret the person gave on the command line or in the environment: `--auth`,
 * `--api-auth` values, `SDWEBUI_AUTH`, the queue's `--webhook-secret` and `--token` (and their
 * `SDWEBUI_WEBHOOK_SECRET`, `SDWEBUI_DASHBOARD_TOKEN`), and the credentials in any URL (arguments,
 * `SDWEBUI_URL`, `REDIS_URL`). Known before parsing, so even a parse error cannot echo them.
 */
export function secretsIn(argv: readonly string[], env: Readonly<Record<string, string | undefined>>): string[] {
  const secrets: string[] = [];
  const addCredentials = (value: string | undefined, fromUrl = false) => {
    if (!value || (fromUrl && !value.includes(':'))) return;
    for (const pair of value.split(',')) {
      secrets.push(pair);
      const password = pair.slice(pair.indexOf(':') + 1);
      if (pair.includes(':') && password.length >= 4) secrets.push(password);
    }
  };
  const credentialFlags = new Set(['--auth', '--api-auth']);
  const secretFlags = new Set(['--webhook-secret', '--token']);
  const addSecret = (value: string | undefined) => {
    if (value) secrets.push(value);
  };
  argv.forEach((arg, index) => {
    const [name, inline] =
      arg.startsWith('--') && arg.includes('=')
        ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)]
        : [arg, undefined];
    if (credentialFlags.has(name)) addCredentials(inline ?? argv[index + 1]);
    if (secretFlags.has(name)) addSecret(inline ?? argv[index + 1]);
    for (const match of arg.matchAll(/:\/\/([^/\s@]+)@/g)) addCredentials(decoded(match[1] as string), true);
  });
  addCredentials(env.SDWEBUI_AUTH);
  addSecret(env.SDWEBUI_WEBHOOK_SECRET);
  addSecret(env.SDWEBUI_DASHBOARD_TOKEN);
  for (const url of [env.SDWEBUI_URL, env.REDIS_URL])
    for (const match of (url ?? '').matchAll(/:\/\/([^/\s@]+)@/g)) addCredentials(decoded(match[1] as string), true);
  return [...new Set(secrets)].sort((a, b) => b.length - a.length);
}

/** Replaces every secret (longest first) and any URL credentials with `***`. */
export function redact(text: string, secrets: readonly string[]): string {
  let result = redactUrl(text);
  for (const secret of secrets) result = result.split(secret).join('***');
  return result;
}
