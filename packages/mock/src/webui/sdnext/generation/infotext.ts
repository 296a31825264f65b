import { jsonDumps, type JsonDumpsStyle } from '../../python/json-dumps.js';
import { PyFloat, pythonStr, type PyJson } from '../../python/index.js';

/** An infotext entry before SD.Next's clean-up: `undefined`/`null` entries are dropped. */
export type InfotextEntry = readonly [string, PyJson | undefined];

/** `json.dumps(v, ensure_ascii=False)`, what `infotext.quote` writes for a value holding `,`, `:` or a newline. */
const QUOTE_STYLE: JsonDumpsStyle = { items: ', ', pairs: ': ', ascii: false, allowNan: true };

/** `modules/infotext.py` `quote`: the value itself, or its JSON form when it holds `,`, `:` or a newline. */
function quoteValue(value: PyJson): string {
  const text = pythonStr(value);
  return /[,:\n]/.test(text) ? jsonDumps(value, QUOTE_STYLE) : text;
}

const isNumber = (value: PyJson): value is number | PyFloat => typeof value === 'number' || value instanceof PyFloat;
const numeric = (value: number | PyFloat) => (value instanceof PyFloat ? value.value : value);

/**
 * `create_infotext`'s clean-up: `None`, numbers ≤ -1 (not booleans), empty lists, `""` and `"0x0"` are
 * dropped, lists become their items' `str()` joined by `", "`. Later entries with the same key replace
 * earlier ones in place, as a dict's update does.
 */
function cleanEntries(entries: readonly InfotextEntry[]): Array<[string, PyJson]> {
  const map = new Map<string, PyJson | undefined>();
  for (const [key, value] of entries) map.set(key, value);
  const out: Array<[string, PyJson]> = [];
  for (const [key, value] of map) {
    if (value === null || value === undefined) continue;
    if (isNumber(value) && numeric(value) <= -1) continue;
    if (Array.isArray(value)) {
      if (value.length > 0) out.push([key, value.map((item) => pythonStr(item)).join(', ')]);
      continue;
    }
    if (typeof value === 'string' && (value === '' || value === '0x0')) continue;
    out.push([key, value]);
  }
  return out;
}

/**
 * SD.Next's infotext (`processing_info.create_infotext`): the prompt, a `Negative prompt:` line that is
 * always written (empty after its colon when there is none), then `Key: value` pairs joined by `", "`
 * (a pair whose value equals its key is the key alone); outer whitespace stripped as `str.strip()`.
 */
export function formatSdnextInfotext(prompt: string, negative: string, entries: readonly InfotextEntry[]): string {
  const params = cleanEntries(entries)
    .map(([key, value]) => (value === key ? key : `${key}: ${quoteValue(value)}`))
    .join(', ');
  return `${prompt}\nNegative prompt: ${negative}\n${params}`.replace(/^\s+|\s+$/g, '');
}
