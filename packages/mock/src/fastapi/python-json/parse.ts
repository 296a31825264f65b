import { setImmediate as nextTurn } from 'node:timers/promises';
import { PyFloat, type PyJson } from './index.js';

/**
 * The one JSON scanner of the mock, written after CPython's `json` scanner: it accepts what
 * `json.loads` accepts (`NaN`, `Infinity`, `-Infinity`), keeps numbers written as floats
 * (`7.0`, `1e-05`) as `PyFloat` so they re-serialize to the same bytes, and on failure gives
 * Python's own message and position. Nesting deeper than Python's recursion limit fails as a
 * `RecursionError` would, before the JavaScript stack is at risk.
 */
export type JsonScan =
  | { ok: true; value: PyJson }
  | { ok: false; error: 'syntax'; msg: string; pos: number }
  | { ok: false; error: 'recursion' };

/** Python's default recursion limit: `json.loads` raises RecursionError about this deep. */
const PYTHON_RECURSION_LIMIT = 1000;

/**
 * Most characters of a string taken in one piece. Work between two pause points is bounded by
 * it, and a piece is small enough to be checked and decoded natively in well under a millisecond.
 */
export const STRING_PIECE = 64 * 1024;

/** Pieces shorter than this are gathered and joined a thousand at a time: escape-dense text makes few pieces. */
const SMALL_PIECE = 1024;

/** Texts up to this size are scanned in one go by `scanPythonJsonAsync`: they take well under a millisecond. */
const ASYNC_THRESHOLD = 256 * 1024;

/** How long `scanPythonJsonAsync` works before it lets the event loop run. */
const SLICE_MS = 4;

const NUMBER = /-?(?:0|[1-9]\d*)(\.\d+)?([eE][-+]?\d+)?/y;
const CONTROL = /[\x00-\x1f]/;
/** Whitespace between tokens, at most a piece of it per match. */
const WHITESPACE = /[ \t\n\r]{0,65536}/y;
const HEX4 = /^[0-9a-fA-F]{4}$/;
const QUOTE = 34;
const BACKSLASH = 92;

class Fail {
  constructor(
    readonly msg: string,
    readonly pos: number,
  ) {}
}

class TooDeep {}

/** A container being filled: an array, or an object with the key its next value goes to. */
type Frame = { array: PyJson[] } | { object: Record<string, PyJson>; key: string };

/**
 * A string being decoded: where it started, whether it is an object key, and what is decoded so far:
 * `pieces`, with runs of small pieces (single escapes) joined into one first. They are joined once the
 * string ends, so even a string of megabytes is one flat string for whoever reads it next, not a rope.
 */
interface OpenString {
  start: number;
  key: boolean;
  pieces: string[];
  small: string[];
}

/**
 * What the scanner does next. Each step that may meet whitespace skips it first, so a step paused in
 * the middle of a long run of whitespace simply runs again.
 */
type Mode = 'value' | 'open-object' | 'open-array' | 'key' | 'string' | 'after-key' | 'after-value' | 'done';

/** Thrown by `ws` to pause a step at its limit inside a long run of whitespace. */
const PAUSE = Symbol('pause');

const isWhitespace = (char: number) => char === 32 || char === 9 || char === 10 || char === 13;

/**
 * CPython's scanner as a resumable state machine (an explicit stack instead of recursion), so
 * that a large text can be scanned a slice at a time. Strings are found with native searches
 * (`indexOf`) and checked and decoded natively a piece at a time (a regular expression for
 * control characters, `JSON.parse` for pieces with escapes, whose string grammar is Python's);
 * only a piece that fails is walked character by character, to report Python's message and position.
 */
class JsonScanner {
  private i = 0;
  private limit = 0;
  private mode: Mode = 'value';
  private readonly stack: Frame[] = [];
  private open: OpenString | undefined;
  private result: PyJson = null;
  /** A search for `"` from `quoteFrom` found `quoteAt` (-1: none): no quote lies between them (-2: no search yet). */
  private quoteFrom = 0;
  private quoteAt = -2;
  /** Next `\` at or after `i` (-1: none left; -2: not searched yet). */
  private backslashAt = -2;
  /** Escapes before this position are decoded one by one: a native decode of their piece failed. */
  private slowUntil = 0;

  constructor(
    private readonly text: string,
    private readonly maxDepth: number,
  ) {}

  /** Scans on until about `budget` more characters are consumed; undefined while there is more to do. */
  step(budget: number): JsonScan | undefined {
    this.limit = this.i + budget;
    try {
      for (;;) {
        if (this.i >= this.limit) return undefined;
        const scan = this.next();
        if (scan !== undefined) return scan;
      }
    } catch (error) {
      if (error === PAUSE) return undefined;
      if (error instanceof Fail) return { ok: false, error: 'syntax', msg: error.msg, pos: error.pos };
      if (error instanceof TooDeep) return { ok: false, error: 'recursion' };
      throw error;
    }
  }

  /** One step of the mode; the result once the text is done. */
  private next(): JsonScan | undefined {
    const { text } = this;
    switch (this.mode) {
      case 'string':
        this.stringPiece();
        return undefined;
      case 'value':
        this.ws();
        this.value();
        return undefined;
      case 'open-object':
      case 'open-array': {
        this.ws();
        const object = this.mode === 'open-object';
        if (text[this.i] === (object ? '}' : ']')) {
          this.i++;
          this.deliver(object ? {} : []);
        } else {
          this.stack.push(object ? { object: {}, key: '' } : { array: [] });
          this.mode = object ? 'key' : 'value';
        }
        return undefined;
      }
      case 'key':
        this.ws();
        if (text[this.i] !== '"') throw new Fail('Expecting property name enclosed in double quotes', this.i);
        this.openString(true);
        return undefined;
      case 'after-key':
        this.ws();
        if (text[this.i] !== ':') throw new Fail("Expecting ':' delimiter", this.i);
        this.i++;
        this.mode = 'value';
        return undefined;
      case 'after-value':
        this.ws();
        this.afterValue();
        return undefined;
      default:
        this.ws();
        if (this.i < text.length) return { ok: false, error: 'syntax', msg: 'Extra data', pos: this.i };
        return { ok: true, value: this.result };
    }
  }

  /** Skips whitespace: a few characters one by one, a long run natively, pausing at the step's limit. */
  private ws(): void {
    const { text } = this;
    let char = text.charCodeAt(this.i);
    for (let count = 0; count < 8 && isWhitespace(char); count++) char = text.charCodeAt(++this.i);
    while (isWhitespace(char)) {
      if (this.i >= this.limit) throw PAUSE;
      WHITESPACE.lastIndex = this.i;
      WHITESPACE.exec(text);
      this.i = WHITESPACE.lastIndex;
      char = text.charCodeAt(this.i);
    }
  }

  private value(): void {
    const char = this.text[this.i];
    if (char === '"') {
      this.openString(false);
    } else if (char === '{' || char === '[') {
      if (this.stack.length >= this.maxDepth) throw new TooDeep();
      this.i++;
      this.mode = char === '{' ? 'open-object' : 'open-array';
    } else {
      this.deliver(this.scalar());
    }
  }

  private scalar(): PyJson {
    const { text } = this;
    for (const [word, result] of LITERALS) {
      if (text.startsWith(word, this.i)) {
        this.i += word.length;
        return result instanceof PyFloat ? new PyFloat(result.value) : result;
      }
    }
    NUMBER.lastIndex = this.i;
    const number = NUMBER.exec(text);
    if (!number) throw new Fail('Expecting value', this.i);
    this.i = NUMBER.lastIndex;
    const parsed = Number(number[0]);
    return number[1] !== undefined || number[2] !== undefined ? new PyFloat(parsed) : parsed;
  }

  /** A value is complete: it goes into its container, or is the result. */
  private deliver(value: PyJson): void {
    const top = this.stack.at(-1);
    if (top === undefined) {
      this.result = value;
      this.mode = 'done';
      return;
    }
    // A key named __proto__ is data, as in Python, never the object's prototype.
    if ('array' in top) top.array.push(value);
    else Object.defineProperty(top.object, top.key, { value, enumerable: true, writable: true, configurable: true });
    this.mode = 'after-value';
  }

  /** After a value in a container: `,` and the next item, or the container's end (itself a value then). */
  private afterValue(): void {
    const top = this.stack.at(-1) as Frame;
    const char = this.text[this.i];
    if (char === ('array' in top ? ']' : '}')) {
      this.i++;
      this.stack.pop();
      this.deliver('array' in top ? top.array : top.object);
      return;
    }
    if (char !== ',') throw new Fail("Expecting ',' delimiter", this.i);
    this.i++;
    this.mode = 'array' in top ? 'value' : 'key';
  }

  private openString(key: boolean): void {
    const start = this.i;
    this.i++;
    // Most strings are one short run: ended by a quote before any backslash, no control character.
    const quote = this.nextQuote();
    const backslash = this.nextBackslash();
    if (quote !== -1 && (backslash === -1 || backslash > quote) && quote - this.i <= STRING_PIECE) {
      const value = this.text.slice(this.i, quote);
      if (!CONTROL.test(value)) {
        this.i = quote + 1;
        this.endString(value, key);
        return;
      }
    }
    this.open = { start, key, pieces: [], small: [] };
    this.mode = 'string';
  }

  private closeString(open: OpenString): void {
    this.i++;
    this.open = undefined;
    const { pieces } = flush(open);
    this.endString(pieces.length === 1 ? (pieces[0] as string) : pieces.join(''), open.key);
  }

  /** A string is complete: a value, or a key (a `:` and its value follow). */
  private endString(value: string, key: boolean): void {
    if (!key) {
      this.deliver(value);
      return;
    }
    (this.stack.at(-1) as { key: string }).key = value;
    this.mode = 'after-key';
  }

  /** Decodes the next piece of the open string: up to its end, the next escape, or `STRING_PIECE` characters. */
  private stringPiece(): void {
    const { text } = this;
    const open = this.open as OpenString;
    const char = text.charCodeAt(this.i);
    if (char === QUOTE) {
      this.closeString(open);
      return;
    }
    if (char === BACKSLASH) {
      this.escapes(open);
      return;
    }
    const quote = this.nextQuote();
    const backslash = this.nextBackslash();
    let end = quote === -1 ? text.length : quote;
    if (backslash !== -1 && backslash < end) end = backslash;
    const stop = Math.min(end, this.i + STRING_PIECE);
    const raw = text.slice(this.i, stop);
    if (CONTROL.test(raw)) throw new Fail('Invalid control character at', this.i + raw.search(CONTROL));
    append(open, raw);
    this.i = stop;
    if (stop === text.length) throw new Fail('Unterminated string starting at', open.start);
  }

  /**
   * Escapes at `i`: the run up to the next `"` (at most a piece) decoded natively, cut so that no escape
   * straddles the cut. A run that fails to decode holds an error: it is walked one escape at a time.
   */
  private escapes(open: OpenString): void {
    if (this.i >= this.slowUntil) {
      const end = this.escapeBoundary(this.escapedRunEnd());
      if (end - this.i > 8) {
        try {
          append(open, JSON.parse(`"${this.text.slice(this.i, end)}"`) as string);
          this.i = end;
          return;
        } catch {
          this.slowUntil = end;
        }
      }
    }
    this.escape(open);
  }

  /** The string's closing quote, or `STRING_PIECE` characters on if that comes first; escaped quotes are skipped. */
  private escapedRunEnd(): number {
    const { text } = this;
    const limit = Math.min(text.length, this.i + STRING_PIECE);
    let quote = this.nextQuote();
    while (quote !== -1 && quote < limit && this.isEscaped(quote)) quote = this.quoteAfter(quote + 1);
    return quote === -1 || quote > limit ? limit : quote;
  }

  /** Whether the character at `at` follows an escaping backslash: an odd run of them since `i`, an escape boundary. */
  private isEscaped(at: number): boolean {
    let first = at;
    while (first > this.i && this.text.charCodeAt(first - 1) === BACKSLASH) first--;
    return (at - first) % 2 === 1;
  }

  /** `end`, or an earlier position when an escape starts before `end` and ends after it. */
  private escapeBoundary(end: number): number {
    const { text } = this;
    // An escape is at most 6 characters (`\uXXXX`): only one starting in the last 5 can straddle `end`.
    for (let last = end - 1; last >= Math.max(this.i, end - 5); last--) {
      if (text.charCodeAt(last) !== BACKSLASH) continue;
      // The last backslash either ends a `\\` pair or starts an escape.
      if (this.isEscaped(last)) return end;
      return last + (text[last + 1] === 'u' ? 6 : 2) > end ? last : end;
    }
    return end;
  }

  /** One escape at `i`, with Python's messages for a bad one. */
  private escape(open: OpenString): void {
    const { text } = this;
    const escaped = text[this.i + 1];
    if (escaped === undefined) throw new Fail('Unterminated string starting at', open.start);
    if (escaped === 'u') {
      const hex = text.slice(this.i + 2, this.i + 6);
      if (!HEX4.test(hex)) throw new Fail('Invalid \\uXXXX escape', this.i + 1);
      append(open, String.fromCharCode(Number.parseInt(hex, 16)));
      this.i += 6;
      return;
    }
    const index = '"\\/bfnrt'.indexOf(escaped);
    if (index < 0) throw new Fail('Invalid \\escape', this.i);
    append(open, '"\\/\b\f\n\r\t'[index] as string);
    this.i += 2;
  }

  private nextQuote(): number {
    return this.quoteAfter(this.i);
  }

  /** The first `"` at or after `from`. A search is reused while it covers `from`, so no stretch is searched twice. */
  private quoteAfter(from: number): number {
    const covered = from >= this.quoteFrom && (this.quoteAt === -1 || from <= this.quoteAt);
    if (this.quoteAt === -2 || !covered) {
      this.quoteFrom = from;
      this.quoteAt = this.text.indexOf('"', from);
    }
    return this.quoteAt;
  }

  /** The first backslash at or after `i`: searches run from where the last one stopped, so the text is searched once. */
  private nextBackslash(): number {
    if (this.backslashAt !== -1 && this.backslashAt < this.i) this.backslashAt = this.text.indexOf('\\', this.i);
    return this.backslashAt;
  }
}

function append(open: OpenString, piece: string): void {
  if (piece.length >= SMALL_PIECE) {
    flush(open).pieces.push(piece);
    return;
  }
  open.small.push(piece);
  if (open.small.length >= SMALL_PIECE) flush(open);
}

function flush(open: OpenString): OpenString {
  if (open.small.length > 0) {
    open.pieces.push(open.small.length === 1 ? (open.small[0] as string) : open.small.join(''));
    open.small.length = 0;
  }
  return open;
}

export function scanPythonJson(text: string, maxDepth = PYTHON_RECURSION_LIMIT): JsonScan {
  return new JsonScanner(text, maxDepth).step(Number.POSITIVE_INFINITY) as JsonScan;
}

/**
 * `scanPythonJson` for request bodies: a large text is scanned in slices of a few milliseconds with
 * the event loop running between them, so one request of tens of megabytes never stalls the server.
 */
export async function scanPythonJsonAsync(text: string, maxDepth = PYTHON_RECURSION_LIMIT): Promise<JsonScan> {
  const scanner = new JsonScanner(text, maxDepth);
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

const LITERALS: ReadonlyArray<[string, PyJson]> = [
  ['null', null],
  ['true', true],
  ['false', false],
  ['NaN', new PyFloat(Number.NaN)],
  ['Infinity', new PyFloat(Number.POSITIVE_INFINITY)],
  ['-Infinity', new PyFloat(Number.NEGATIVE_INFINITY)],
];

/** `json.loads` for files and recorded bodies: the parsed value, or a `SyntaxError` naming Python's message. */
export function parsePythonJson(text: string): PyJson {
  const scan = scanPythonJson(text);
  if (scan.ok) return scan.value;
  if (scan.error === 'recursion') throw new SyntaxError('maximum recursion depth exceeded while decoding JSON');
  throw new SyntaxError(`${scan.msg} at position ${scan.pos}`);
}
