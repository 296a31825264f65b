/** Deepest nesting of an answer the SDK parses: a webui's answers and their `info` nest a dozen levels at most. */
export const MAX_JSON_DEPTH = 64;

/**
 * Whether JSON text nests deeper than `max` levels, found in one pass that skips strings natively
 * (base64 images cost an `indexOf`). V8 parses deep nesting slowly (200 kB of `[` held the event
 * loop 200 ms, 10 MB 4 s), and code that walks the value recursively overflows the stack.
 */
export function nestsDeeper(text: string, max: number): boolean {
  let depth = 0;
  for (let at = 0; at < text.length; at++) {
    const code = text.charCodeAt(at);
    if (code === 0x22) {
      // To the closing quote: the next one not escaped by an odd run of backslashes.
      let escaped = true;
      while (escaped && at >= 0) {
        at = text.indexOf('"', at + 1);
        let backslashes = 0;
        while (at > 0 && text.charCodeAt(at - 1 - backslashes) === 0x5c) backslashes++;
        escaped = backslashes % 2 === 1;
      }
      if (at < 0) return false;
    } else if (code === 0x5b || code === 0x7b) {
      if (++depth > max) return true;
    } else if (code === 0x5d || code === 0x7d) depth--;
  }
  return false;
}
