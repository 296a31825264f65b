import { ScanFailure } from './scan-failure.js';

/**
 * Most characters of a string taken in one piece. Work between two pause points is bounded by
 * it, and a piece is small enough to be checked and decoded natively in well under a millisecond.
 */
export const STRING_PIECE = 64 * 1024;

/** Pieces shorter than this are gathered and joined a thousand at a time: escape-dense text makes few pieces. */
const SMALL_PIECE = 1024;

const CONTROL = /[\x00-\x1f]/;
const HEX4 = /^[0-9a-fA-F]{4}$/;
const BACKSLASH = 92;

/**
 * A string being decoded: where it started, whether it is an object key, and what is decoded so far:
 * `pieces`, with runs of small pieces (single escapes) joined into one first. They are joined once the
 * string ends, so even a string of megabytes is one flat string for whoever reads it next, not a rope.
 */
export class OpenString {
  private readonly pieces: string[] = [];
  private readonly small: string[] = [];

  constructor(
    readonly start: number,
    readonly key: boolean,
  ) {}

  append(piece: string): void {
    if (piece.length >= SMALL_PIECE) {
      this.flush();
      this.pieces.push(piece);
      return;
    }
    this.small.push(piece);
    if (this.small.length >= SMALL_PIECE) this.flush();
  }

  value(): string {
    this.flush();
    return this.pieces.length === 1 ? (this.pieces[0] as string) : this.pieces.join('');
  }

  private flush(): void {
    if (this.small.length === 0) return;
    this.pieces.push(this.small.length === 1 ? (this.small[0] as string) : this.small.join(''));
    this.small.length = 0;
  }
}

/**
 * The strings of one JSON text, read as CPython's `scanstring` reads them: the closing quote and
 * escapes found with native searches (each stretch of the text searched once), control characters
 * checked by a regular expression and escaped runs decoded by `JSON.parse` (whose string grammar is
 * Python's), a piece at a time; only a piece that fails is walked escape by escape, for Python's
 * message and position.
 */
export class StringReader {
  /** A search for `"` from `quoteFrom` found `quoteAt` (-1: none): no quote lies between them (-2: no search yet). */
  private quoteFrom = 0;
  private quoteAt = -2;
  /** The last search for a backslash found this (-1: none left; -2: no search yet). */
  private backslashAt = -2;
  /** Escapes before this position are decoded one by one: a native decode of their piece failed. */
  private slowUntil = 0;

  constructor(private readonly text: string) {}

  /**
   * The end quote of the string whose content starts at `from` when it is one short run (ended by a
   * quote before any backslash, no control character): most strings are. -1 otherwise.
   */
  shortStringEnd(from: number): number {
    const quote = this.quoteAfter(from);
    const backslash = this.backslashAfter(from);
    if (quote === -1 || (backslash !== -1 && backslash < quote) || quote - from > STRING_PIECE) return -1;
    return CONTROL.test(this.text.slice(from, quote)) ? -1 : quote;
  }

  /**
   * Decodes the next piece of `open` from `at` (not its closing quote): up to the next escape or the
   * end, at most `STRING_PIECE` characters, or the escapes there. Returns where the next piece starts.
   */
  piece(open: OpenString, at: number): number {
    const { text } = this;
    if (text.charCodeAt(at) === BACKSLASH) return this.escapes(open, at);
    const quote = this.quoteAfter(at);
    const backslash = this.backslashAfter(at);
    let end = quote === -1 ? text.length : quote;
    if (backslash !== -1 && backslash < end) end = backslash;
    const stop = Math.min(end, at + STRING_PIECE);
    const raw = text.slice(at, stop);
    if (CONTROL.test(raw)) throw new ScanFailure('Invalid control character at', at + raw.search(CONTROL));
    open.append(raw);
    if (stop === text.length) throw new ScanFailure('Unterminated string starting at', open.start);
    return stop;
  }

  /**
   * Escapes at `at`: the run up to the next `"` (at most a piece) decoded natively, cut so that no escape
   * straddles the cut. A run that fails to decode holds an error: it is walked one escape at a time.
   */
  private escapes(open: OpenString, at: number): number {
    if (at >= this.slowUntil) {
      const end = this.escapeBoundary(at, this.escapedRunEnd(at));
      if (end - at > 8) {
        try {
          open.append(JSON.parse(`"${this.text.slice(at, end)}"`) as string);
          return end;
        } catch {
          this.slowUntil = end;
        }
      }
    }
    return this.escape(open, at);
  }

  /** The string's closing quote, or `STRING_PIECE` characters on if that comes first; escaped quotes are skipped. */
  private escapedRunEnd(at: number): number {
    const limit = Math.min(this.text.length, at + STRING_PIECE);
    let quote = this.quoteAfter(at);
    while (quote !== -1 && quote < limit && this.isEscaped(at, quote)) quote = this.quoteAfter(quote + 1);
    return quote === -1 || quote > limit ? limit : quote;
  }

  /** Whether the character at `position` follows an escaping backslash: an odd run of them since `boundary`. */
  private isEscaped(boundary: number, position: number): boolean {
    let first = position;
    while (first > boundary && this.text.charCodeAt(first - 1) === BACKSLASH) first--;
    return (position - first) % 2 === 1;
  }

  /** `end`, or an earlier position when an escape starts before `end` and ends after it (`at`: an escape boundary). */
  private escapeBoundary(at: number, end: number): number {
    const { text } = this;
    // An escape is at most 6 characters (`\uXXXX`): only one starting in the last 5 can straddle `end`.
    for (let last = end - 1; last >= Math.max(at, end - 5); last--) {
      if (text.charCodeAt(last) !== BACKSLASH) continue;
      // The last backslash either ends a `\\` pair or starts an escape.
      if (this.isEscaped(at, last)) return end;
      return last + (text[last + 1] === 'u' ? 6 : 2) > end ? last : end;
    }
    return end;
  }

  /** One escape at `at`, with Python's messages for a bad one. */
  private escape(open: OpenString, at: number): number {
    const { text } = this;
    const escaped = text[at + 1];
    if (escaped === undefined) throw new ScanFailure('Unterminated string starting at', open.start);
    if (escaped === 'u') {
      const hex = text.slice(at + 2, at + 6);
      if (!HEX4.test(hex)) throw new ScanFailure('Invalid \\uXXXX escape', at + 1);
      open.append(String.fromCharCode(Number.parseInt(hex, 16)));
      return at + 6;
    }
    const index = '"\\/bfnrt'.indexOf(escaped);
    if (index < 0) throw new ScanFailure('Invalid \\escape', at);
    open.append('"\\/\b\f\n\r\t'[index] as string);
    return at + 2;
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

  /** The first backslash at or after `from`, which only grows: each search starts where the last one ended. */
  private backslashAfter(from: number): number {
    if (this.backslashAt !== -1 && this.backslashAt < from) this.backslashAt = this.text.indexOf('\\', from);
    return this.backslashAt;
  }
}
