import { pythonException } from '../errors/index.js';
import { pythonStr, toPlain, type PyJson } from '../python/index.js';

/**
 * Values that every infotext writes without the request choosing them: options (set once by
 * `POST /options`, then written into every later image of every client) and the request's own
 * lists that write one entry per item. Each is bounded when it is set, so one client cannot make
 * everyone's later generations large or slow; the bound is far above any real value (a face
 * restorer's name, Forge's few VAE and text-encoder paths).
 */
export const INFOTEXT_VALUE_LIMITS = {
  /** UTF-8 bytes one value may add to every infotext. */
  maxBytes: 16 * 1024,
  /** Items of a list written one infotext entry per item (`Module 1`, `Module 2`, …). */
  maxItems: 64,
} as const;

/** A key, `: ` and `, ` around each entry (`Module 12: `). */
const ENTRY_OVERHEAD = 24;

/** One entry, written as `String(value)` (`info.ts` reads these options so). */
const scalarBytes = (value: unknown): number => Buffer.byteLength(String(value ?? '')) + ENTRY_OVERHEAD;

/** One entry per item, written as the item's `str()`; a value that is not a list writes nothing. */
function listBytes(value: unknown): number {
  if (!Array.isArray(value)) return 0;
  if (value.length > INFOTEXT_VALUE_LIMITS.maxItems) return Number.POSITIVE_INFINITY;
  let bytes = 0;
  for (const item of value)
    bytes += Buffer.byteLength(typeof item === 'string' ? item : pythonStr(item as PyJson)) + ENTRY_OVERHEAD;
  return bytes;
}

/** Names whose values reach infotexts, with how each is measured (a Map: names are data). */
const MEASURES = new Map<string, (value: unknown) => number>([
  ['face_restoration_model', scalarBytes],
  ['forge_unet_storage_dtype', scalarBytes],
  ['forge_additional_modules', listBytes],
  // Forge's request field, written as `Hires Module i`.
  ['hr_additional_modules', listBytes],
]);

/** UTF-8 bytes `value` adds to every infotext as `name` (0 for a name the infotext does not write). */
export function infotextValueBytes(name: string, value: unknown): number {
  return MEASURES.get(name)?.(toPlain(value as PyJson)) ?? 0;
}

/**
 * Refuses a value that would add more than `INFOTEXT_VALUE_LIMITS` to every infotext, before
 * anything is applied: a 500 `MemoryError` in the webui's error shape, naming the value and the limit.
 */
export function checkInfotextValue(name: string, value: unknown): void {
  const plain = toPlain(value as PyJson);
  if (Array.isArray(plain) && MEASURES.get(name) === listBytes && plain.length > INFOTEXT_VALUE_LIMITS.maxItems) {
    throw pythonException(
      'MemoryError',
      `mock webui limit: ${name} lists ${plain.length} items, each written into every infotext; ` +
        `at most ${INFOTEXT_VALUE_LIMITS.maxItems}`,
    );
  }
  const bytes = infotextValueBytes(name, plain);
  if (bytes > INFOTEXT_VALUE_LIMITS.maxBytes) {
    throw pythonException(
      'MemoryError',
      `mock webui limit: ${name} would add ${bytes} bytes to every infotext; at most ${INFOTEXT_VALUE_LIMITS.maxBytes}`,
    );
  }
}
