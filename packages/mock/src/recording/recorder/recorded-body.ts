import { isUtf8 } from 'node:buffer';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { PyFloat, type PyJson } from '../../webui/python/index.js';
import { scanPythonJsonAsync } from '../../fastapi/python-json/parse.js';
import { fastapiJson } from '../../fastapi/python-json/index.js';
import { renderJsonYielding } from '../../fastapi/python-json/yielding.js';
import { ASSET_PREFIX, type RecordedResponse } from '../cassettes/format.js';
import { LONG_STRING } from '../cassettes/write.js';
import { type JsonBytesWalk, walkJsonBytes, withoutSecrets } from '../redaction/index.js';

/**
 * Most values a body may have to be recorded as a JSON value (a readable `body`, a request
 * matcher). Anything made of values is walked whole several times on its way to a cassette
 * (matcher, asset references, pretty-printing), so the count bounds that work and the memory of
 * the parsed value; real webui answers have hundreds to a few thousand (the option list ~700).
 * A larger response body is kept as its text, a larger request body makes no matcher.
 */
const MAX_RECORDED_VALUES = 10_000;
/** Longest member name, in bytes, of a body recorded as a JSON value: names are rendered at once, never in slices. */
const MAX_RECORDED_NAME = LONG_STRING;

/** Whether a walked body may become a JSON value (a `body`, a matcher): JSON, and small enough in values and names. */
const fitsValue = (walk: JsonBytesWalk) =>
  walk.json && walk.values <= MAX_RECORDED_VALUES && walk.longestName <= MAX_RECORDED_NAME;

/** Fields that differ on every call and must not decide a match. */
const VOLATILE = new Set(['force_task_id', 'id_task']);
/** Strings longer than this (images) are left out of matchers. */
const LARGE = 1024;
/** Bodies kept exactly are written inline as `bodyText` up to this size, as a file of their own past it. */
const INLINE_TEXT = 64 * 1024;
/** Bytes decoded per turn of the event loop. */
const DECODE_SLICE = 1 << 20;

/** The request body as a matcher: volatile fields, random seeds (-1), images and secrets left out. */
export function matcherBody(body: unknown): PyJson | undefined {
  const strip = (value: unknown): PyJson | undefined => {
    if (typeof value === 'string') return value.length > LARGE ? undefined : value;
    if (Array.isArray(value)) {
      const items = value.map(strip);
      return items.some((item) => item === undefined) ? undefined : (items as PyJson[]);
    }
    if (value !== null && typeof value === 'object' && !(value instanceof PyFloat)) {
      const out: Record<string, PyJson> = {};
      for (const [key, item] of Object.entries(value)) {
        if (VOLATILE.has(key) || ((key === 'seed' || key === 'subseed') && item === -1)) continue;
        const kept = strip(item);
        if (kept !== undefined) out[key] = kept;
      }
      return out;
    }
    return value as PyJson;
  };
  if (body === undefined) return undefined;
  const stripped = strip(body);
  return stripped === undefined ? undefined : withoutSecrets(stripped);
}

/** UTF-8 bytes as text, decoded a slice at a time. */
async function utf8Text(bytes: Uint8Array): Promise<string> {
  const decoder = new TextDecoder();
  const pieces: string[] = [];
  for (let start = 0; start < bytes.length; start += DECODE_SLICE) {
    const end = Math.min(bytes.length, start + DECODE_SLICE);
    pieces.push(decoder.decode(bytes.subarray(start, end), { stream: end < bytes.length }));
    if (end < bytes.length) await nextTurn();
  }
  return pieces.join('');
}

/** Whether a string of the value starts like the writer's asset references (it would be read as one). */
function holdsAssetReference(value: PyJson): boolean {
  if (typeof value === 'string') return value.startsWith(ASSET_PREFIX);
  if (Array.isArray(value)) return value.some(holdsAssetReference);
  if (value !== null && typeof value === 'object' && !(value instanceof PyFloat))
    return Object.values(value).some((item) => item !== undefined && holdsAssetReference(item as PyJson));
  return false;
}

/** The matcher for a request body, if it is JSON of at most `MAX_RECORDED_VALUES` values. */
export async function requestMatcher(bytes: Uint8Array): Promise<PyJson | undefined> {
  if (bytes.length === 0) return undefined;
  const walk = await walkJsonBytes(bytes, { mask: false, maxValues: MAX_RECORDED_VALUES });
  if (!fitsValue(walk)) return undefined;
  const scan = await scanPythonJsonAsync(await utf8Text(bytes));
  return scan.ok ? matcherBody(scan.value) : undefined;
}

/**
 * A response body as recorded, from its walk (`walkJsonBytes` with `mask`, so secrets are already
 * masked): a JSON `body` when re-serializing it as FastAPI does gives the same bytes; else the
 * exact body, as `bodyText` when it is short UTF-8 text, else as `bodyBytes` (a file of its own).
 * Bodies past `MAX_RECORDED_VALUES`, and those holding a string that would read as an asset
 * reference, are never parsed into a value.
 */
export async function recordedBody(
  walk: JsonBytesWalk,
): Promise<Pick<RecordedResponse, 'body' | 'bodyText' | 'bodyBytes'>> {
  const utf8 = isUtf8(walk.bytes);
  const exact = () =>
    walk.bytes.length > INLINE_TEXT || !utf8
      ? { bodyBytes: walk.bytes }
      : { bodyText: Buffer.from(walk.bytes.buffer, walk.bytes.byteOffset, walk.bytes.byteLength).toString('utf8') };
  if (!fitsValue(walk) || !utf8) return exact();
  const text = await utf8Text(walk.bytes);
  const scan = await scanPythonJsonAsync(text);
  if (!scan.ok || holdsAssetReference(scan.value)) return exact();
  let rendered: string | Uint8Array;
  try {
    rendered = await renderJsonYielding(scan.value, fastapiJson, LONG_STRING);
  } catch {
    return exact(); // NaN or infinity: FastAPI would refuse to write it
  }
  // The rendering may end with a copy of the whole body: the comparison gets a turn of its own.
  await nextTurn();
  const same = typeof rendered === 'string' ? rendered === text : Buffer.compare(rendered, walk.bytes) === 0;
  return same ? { body: scan.value } : exact();
}
