import { PyFloat, type PyJson } from '../../webui/python/index.js';
import { isSensitiveName } from './names.js';

export { isSensitiveName, REDACTED } from './names.js';
export { walkJsonBytes, type JsonBytesWalk } from './json-bytes.js';

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

/**
 * A request body as a matcher may hold it: every member with a sensitive name whose value holds
 * text is left out, so any value matches on replay. (Response bodies keep their shape instead:
 * `walkJsonBytes` masks their secrets in the bytes.)
 */
export function withoutSecrets(value: PyJson): PyJson {
  const walk = (item: PyJson): PyJson => {
    if (Array.isArray(item)) return item.map(walk);
    if (item === null || typeof item !== 'object' || item instanceof PyFloat) return item;
    const out: Record<string, PyJson> = {};
    for (const [key, child] of Object.entries(item)) {
      if (child === undefined || (isSensitiveName(key) && holdsText(child))) continue;
      out[key] = walk(child);
    }
    return out;
  };
  return walk(value);
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
