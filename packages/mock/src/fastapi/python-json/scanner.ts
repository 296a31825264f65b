import { PyFloat, type PyJson } from '../../webui/python/index.js';
import { ScanFailure } from './scan-failure.js';
import { OpenString, StringReader } from './string-reader.js';

/** What `scanPythonJson` finds: the value, or why the text is not JSON. */
export type JsonScan =
  | { ok: true; value: PyJson }
  | { ok: false; error: 'syntax'; msg: string; pos: number }
  | { ok: false; error: 'recursion' }
  | { ok: false; error: 'values' };

const NUMBER = /-?(?:0|[1-9]\d*)(\.\d+)?([eE][-+]?\d+)?/y;
/** Whitespace between tokens, at most a piece of it per match. */
const WHITESPACE = /[ \t\n\r]{0,65536}/y;
const QUOTE = 34;

class TooDeep {}
class TooManyValues {}

/** A container being filled: an array, or an object with the key its next value goes to. */
type Frame = { array: PyJson[] } | { object: Record<string, PyJson>; key: string };

const LITERALS: ReadonlyArray<[string, PyJson]> = [
  ['null', null],
  ['true', true],
  ['false', false],
  ['NaN', new PyFloat(Number.NaN)],
  ['Infinity', new PyFloat(Number.POSITIVE_INFINITY)],
  ['-Infinity', new PyFloat(Number.NEGATIVE_INFINITY)],
];

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
 * that a large text can be scanned a slice at a time; its strings are read by a `StringReader`.
 */
export class JsonScanner {
  private i = 0;
  private limit = 0;
  private mode: Mode = 'value';
  private readonly stack: Frame[] = [];
  private open: OpenString | undefined;
  private result: PyJson = null;
  private readonly strings: StringReader;
  private values = 0;

  constructor(
    private readonly text: string,
    private readonly maxDepth: number,
    private readonly maxValues = Number.POSITIVE_INFINITY,
  ) {
    this.strings = new StringReader(text);
  }

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
      if (error instanceof ScanFailure) return { ok: false, error: 'syntax', msg: error.msg, pos: error.pos };
      if (error instanceof TooDeep) return { ok: false, error: 'recursion' };
      if (error instanceof TooManyValues) return { ok: false, error: 'values' };
      throw error;
    }
  }

  /** One step of the mode; the result once the text is done. */
  private next(): JsonScan | undefined {
    const { text } = this;
    switch (this.mode) {
      case 'string':
        this.stringPiece(this.open as OpenString);
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
        if (text[this.i] !== '"') throw new ScanFailure('Expecting property name enclosed in double quotes', this.i);
        this.openString(true);
        return undefined;
      case 'after-key':
        this.ws();
        if (text[this.i] !== ':') throw new ScanFailure("Expecting ':' delimiter", this.i);
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
    if (!number) throw new ScanFailure('Expecting value', this.i);
    this.i = NUMBER.lastIndex;
    const parsed = Number(number[0]);
    return number[1] !== undefined || number[2] !== undefined ? new PyFloat(parsed) : parsed;
  }

  /** A value is complete: it goes into its container, or is the result. */
  private deliver(value: PyJson): void {
    if (++this.values > this.maxValues) throw new TooManyValues();
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
    if (char !== ',') throw new ScanFailure("Expecting ',' delimiter", this.i);
    this.i++;
    this.mode = 'array' in top ? 'value' : 'key';
  }

  private openString(key: boolean): void {
    const start = this.i;
    this.i++;
    const end = this.strings.shortStringEnd(this.i);
    if (end !== -1) {
      const value = this.text.slice(this.i, end);
      this.i = end + 1;
      this.endString(value, key);
      return;
    }
    this.open = new OpenString(start, key);
    this.mode = 'string';
  }

  /** The next piece of the open string, or its end. */
  private stringPiece(open: OpenString): void {
    if (this.text.charCodeAt(this.i) !== QUOTE) {
      this.i = this.strings.piece(open, this.i);
      return;
    }
    this.i++;
    this.open = undefined;
    this.endString(open.value(), open.key);
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
}
