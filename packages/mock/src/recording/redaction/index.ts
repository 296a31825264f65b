import { PyFloat, type PyJson } from '../../webui/python/index.js';

/** What a recorded secret is replaced with in a cassette's response body. */
export const REDACTED = '<redacted>';

/**
 * Words that make a field credential-bearing. A name is split into words at `_`, `-`, `.`,
 * spaces and lower-to-upper case changes, so `api_auth`, `gradio_auth`, `hf_token`, `apiKey`,
 * `X-Api-Key` and `password` are sensitive while `sd_vae`, `keyedit_delimiters`,
 * `canvas_hotkey_zoom` and `tls_keyfile` are not.
 */
const SENSITIVE_WORDS = new Set([
  'auth',
  'authtoken',
  'authorization',
  'authentication',
  'password',
  'passwd',
  'pwd',
  'passphrase',
  'token',
  'secret',
  'credential',
  'credentials',
  'cookie',
  'apikey',
  'key',
  'privatekey',
]);

/** Whole names whose value is a secret although no word says so: `--ngrok TOKEN`. */
const SENSITIVE_NAMES = new Set(['ngrok']);

export function isSensitiveName(name: string): boolean {
  const lower = name.toLowerCase();
  if (SENSITIVE_NAMES.has(lower)) return true;
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/);
  return words.some((word) => SENSITIVE_WORDS.has(word));
}

/**
 * Whether a value can carry a secret: a non-empty string, or a list/object holding one. Numbers
 * and booleans cannot, so `token_merging_ratio: 0.5` and `disable_token_counters: false` stay.
 */
function holdsText(value: PyJson | undefined): boolean {
  if (typeof value === 'string') return value !== '';
  if (Array.isArray(value)) return value.some(holdsText);
  if (value !== null && typeof value === 'object' && !(value instanceof PyFloat))
    return Object.values(value).some(holdsText);
  return false;
}

function maskText(value: PyJson): PyJson {
  if (typeof value === 'string') return value === '' ? value : REDACTED;
  if (Array.isArray(value)) return value.map(maskText);
  if (value !== null && typeof value === 'object' && !(value instanceof PyFloat)) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, maskText(item as PyJson)]));
  }
  return value;
}

/**
 * Walks a JSON body: under every sensitive name, `mode: 'mask'` replaces each non-empty string
 * with `REDACTED` (response bodies: the shape stays, the secret goes) and `mode: 'drop'` leaves
 * the member out (request matchers: any value then matches on replay). `redacted` counts them.
 */
export function redactBody(value: PyJson, mode: 'mask' | 'drop'): { value: PyJson; redacted: number } {
  let redacted = 0;
  const walk = (item: PyJson): PyJson => {
    if (Array.isArray(item)) return item.map(walk);
    if (item === null || typeof item !== 'object' || item instanceof PyFloat) return item;
    const out: Record<string, PyJson> = {};
    for (const [key, child] of Object.entries(item)) {
      if (child === undefined) continue;
      if (isSensitiveName(key) && holdsText(child)) {
        redacted++;
        if (mode === 'mask') out[key] = maskText(child);
        continue;
      }
      out[key] = walk(child);
    }
    return out;
  };
  return { value: walk(value), redacted };
}

/** A recorded query without its sensitive parameters (`?token=…`): replay matches any value for them. */
export function redactQuery(query: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(query).filter(([key]) => !isSensitiveName(key)));
}

/** A URL as it may appear in messages and cassettes: without `user:password@`. */
export function withoutUserinfo(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.username = '';
    parsed.password = '';
    return parsed.toString().replace(/\/$/, '');
  } catch {
    return url.replace(/\/\/[^/@]*@/, '//');
  }
}
