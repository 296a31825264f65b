import { randomUUID } from 'node:crypto';
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { PyJson } from '../../webui/python/index.js';
import { fastapiJson } from './index.js';

/** Strings at least this long are escaped a slice at a time, with the event loop running in between. */
export const LARGE_STRING = 1 << 20;

/** Characters escaped per slice: a few milliseconds of JSON.stringify. */
const SLICE = 1 << 20;

/** Collects `value`'s strings of `minLength` or more in the order `jsonDumps` writes them, replacing each with `marker`. */
function withoutLargeStrings(value: PyJson, marker: string, large: string[], minLength: number): PyJson {
  if (typeof value === 'string') {
    if (value.length < minLength) return value;
    large.push(value);
    return marker;
  }
  if (Array.isArray(value)) return value.map((item) => withoutLargeStrings(item, marker, large, minLength));
  // PyFloat and the like are written whole; only plain dicts are walked.
  if (value === null || typeof value !== 'object' || Object.getPrototypeOf(value) !== Object.prototype) return value;
  const copy: Record<string, PyJson> = {};
  for (const [key, item] of Object.entries(value)) {
    copy[key] = item === undefined ? item : withoutLargeStrings(item, marker, large, minLength);
  }
  return copy;
}

/** A JSON string literal of `text`, made a slice at a time; a slice never ends inside a surrogate pair. */
async function escapeYielding(text: string, parts: Buffer[]): Promise<void> {
  parts.push(Buffer.from('"'));
  for (let start = 0; start < text.length; ) {
    let end = Math.min(text.length, start + SLICE);
    const last = text.charCodeAt(end - 1);
    if (end < text.length && last >= 0xd800 && last <= 0xdbff) end--;
    // JSON.stringify escapes what Python's json.dumps(ensure_ascii=False) does, the same way.
    parts.push(Buffer.from(JSON.stringify(text.slice(start, end)).slice(1, -1)));
    start = end;
    await nextTurn();
  }
  parts.push(Buffer.from('"'));
}

/**
 * `fastapiJson`, for answers that may echo a large string (a 422 for a broken 40 MB body carries
 * the whole body as `ctx.doc`): its large strings are escaped a slice at a time, so the server
 * keeps answering meanwhile. Other values are rendered at once, as `fastapiJson` does.
 */
export function fastapiJsonYielding(value: PyJson, modelNulls = false): Promise<string | Uint8Array> {
  return renderJsonYielding(value, (rest) => fastapiJson(rest, modelNulls));
}

/**
 * `render(value)` (a renderer that writes strings as `JSON.stringify` escapes them: `fastapiJson`,
 * `prettyPythonJson`) with the strings of `largeString` characters or more escaped a slice at a
 * time, the event loop running between slices; the rest of the value is rendered at once. (A
 * value of many strings just under the default would still be rendered at once: pass less.)
 */
export async function renderJsonYielding(
  value: PyJson,
  render: (value: PyJson) => string,
  largeString = LARGE_STRING,
): Promise<string | Uint8Array> {
  const marker = `sdwebui-large-string-${randomUUID()}`;
  const large: string[] = [];
  const rest = withoutLargeStrings(value, marker, large, largeString);
  if (large.length === 0) return render(value);
  const between = render(rest).split(`"${marker}"`);
  const parts: Buffer[] = [];
  for (const [index, text] of large.entries()) {
    parts.push(Buffer.from(between[index] as string));
    await escapeYielding(text, parts);
  }
  parts.push(Buffer.from(between.at(-1) as string));
  return Buffer.concat(parts);
}
