import { setImmediate as nextTurn } from 'node:timers/promises';
import type { PyJson } from '../../webui/python/index.js';
import { type JsonScan, JsonScanner } from './scanner.js';
import { STRING_PIECE } from './string-reader.js';

export type { JsonScan };
export { STRING_PIECE };

/** Python's default recursion limit: `json.loads` raises RecursionError about this deep. */
const PYTHON_RECURSION_LIMIT = 1000;

/** Texts up to this size are scanned in one go by `scanPythonJsonAsync`: they take well under a millisecond. */
const ASYNC_THRESHOLD = 256 * 1024;

/** How long `scanPythonJsonAsync` works before it lets the event loop run. */
const SLICE_MS = 4;

/**
 * The one JSON scanner of the mock, written after CPython's `json` scanner: it accepts what
 * `json.loads` accepts (`NaN`, `Infinity`, `-Infinity`), keeps numbers written as floats
 * (`7.0`, `1e-05`) as `PyFloat` so they re-serialize to the same bytes, and on failure gives
 * Python's own message and position. Nesting deeper than Python's recursion limit fails as a
 * `RecursionError` would, before the JavaScript stack is at risk.
 */
export function scanPythonJson(text: string, maxDepth = PYTHON_RECURSION_LIMIT): JsonScan {
  return new JsonScanner(text, maxDepth).step(Number.POSITIVE_INFINITY) as JsonScan;
}

/**
 * `scanPythonJson` for request bodies: a large text is scanned in slices of a few milliseconds with
 * the event loop running between them, so one request of tens of megabytes never stalls the server.
 * With `maxValues`, a text holding more values than that stops the scan (`error: 'values'`) there.
 */
export async function scanPythonJsonAsync(
  text: string,
  maxDepth = PYTHON_RECURSION_LIMIT,
  maxValues = Number.POSITIVE_INFINITY,
): Promise<JsonScan> {
  const scanner = new JsonScanner(text, maxDepth, maxValues);
  if (text.length <= ASYNC_THRESHOLD) return scanner.step(Number.POSITIVE_INFINITY) as JsonScan;
  for (;;) {
    await nextTurn();
    const start = performance.now();
    let scan: JsonScan | undefined;
    do scan = scanner.step(STRING_PIECE);
    while (scan === undefined && performance.now() - start < SLICE_MS);
    if (scan !== undefined) {
      // What comes next (validation, the handler) starts in a turn of its own, not after the last slice.
      await nextTurn();
      return scan;
    }
  }
}

/** `json.loads` for files and recorded bodies: the parsed value, or a `SyntaxError` naming Python's message. */
export function parsePythonJson(text: string): PyJson {
  const scan = scanPythonJson(text);
  if (scan.ok) return scan.value;
  if (scan.error === 'recursion') throw new SyntaxError('maximum recursion depth exceeded while decoding JSON');
  if (scan.error === 'values') throw new SyntaxError('too many values');
  throw new SyntaxError(`${scan.msg} at position ${scan.pos}`);
}
