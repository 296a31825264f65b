import { setImmediate as nextTurn } from 'node:timers/promises';
import { isSensitiveName, REDACTED } from './names.js';

/** What `walkJsonBytes` found. */
export interface JsonBytesWalk {
  /** The bytes hold one JSON value (Python's grammar: `NaN`, `Infinity` too), as far as tokens tell. */
  json: boolean;
  /** Values seen: containers and scalars. With `maxValues`, the walk stops at `maxValues + 1`. */
  values: number;
  /** Bytes of the longest member name seen (escapes as written). */
  longestName: number;
  /** Secret strings replaced by `REDACTED` (0 unless `mask`, and 0 when the bytes are not JSON). */
  redacted: number;
  /** The bytes with every secret replaced: the input itself when nothing was. */
  bytes: Uint8Array;
}

export interface JsonBytesWalkOptions {
  /** Replace every non-empty string under a credential-bearing member with `REDACTED`. */
  mask: boolean;
  /** Stop counting past this many values (a request too large to become a matcher is known early). */
  maxValues?: number;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const MASKED = Buffer.from(JSON.stringify(REDACTED));
/** Tokens (or quotes inside one string, or bytes of one run) handled between two looks at the clock. */
const CHECK_EVERY = 4096;
/** How long the walk works before it lets the event loop run. */
const SLICE_MS = 4;
/** Distinct member names whose verdict is remembered (arrays of small objects repeat a few names millions of times). */
const NAME_CACHE = 4096;

/** What the walk expects next. */
enum Expect {
  Value,
  ValueOrClose,
  Key,
  KeyOrClose,
  Colon,
  CommaOrClose,
  End,
}

const isSpace = (byte: number) => byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09;
/** Bytes of numbers and of `true`, `false`, `null`, `NaN`, `Infinity`: a scalar is a run of them. */
const isScalarByte = (byte: number) =>
  (byte >= 0x30 && byte <= 0x39) ||
  (byte >= 0x61 && byte <= 0x7a) ||
  (byte >= 0x41 && byte <= 0x5a) ||
  byte === 0x2d ||
  byte === 0x2b ||
  byte === 0x2e;

/** A string whose closing quote is still being looked for: where it opened, where the search resumes. */
interface OpenString {
  open: number;
  from: number;
}

/**
 * The walk as a resumable state machine: `step` works until a deadline and says whether the walk is
 * over, so that tens of megabytes are walked a slice at a time (one long string or run of digits
 * included), without a promise per token.
 */
class JsonBytesWalker {
  private at = 0;
  private expect = Expect.Value;
  /** Open containers: true for an object. */
  private readonly stack: boolean[] = [];
  private openString: OpenString | undefined;
  private inScalar = false;
  private values = 0;
  private longestName = 0;
  private redacted = 0;
  /** The depth at which a credential-bearing member's value began (-1: none open); whether the next value's name was one. */
  private maskFrom = -1;
  private nextMasked = false;
  private readonly pieces: Uint8Array[] = [];
  private copiedTo = 0;
  private failed = false;
  private readonly names = new Map<string, boolean>();

  constructor(
    private readonly input: Uint8Array,
    private readonly bytes: Buffer,
    private readonly options: JsonBytesWalkOptions,
  ) {}

  /** Walks on until `deadline` (checked every few thousand steps); true once the walk is over. */
  step(deadline: number): boolean {
    const { bytes } = this;
    for (let count = 1; ; count++) {
      if (count % CHECK_EVERY === 0 && performance.now() > deadline) return false;
      if (this.openString !== undefined) {
        if (!this.closeString(this.openString)) return this.fail();
        continue;
      }
      if (this.inScalar) {
        if (this.at < bytes.length && isScalarByte(bytes[this.at] as number)) this.at++;
        else [this.inScalar, this.expect] = [false, this.afterValue()];
        continue;
      }
      if (this.at >= bytes.length) return true;
      const byte = bytes[this.at] as number;
      if (isSpace(byte)) this.at++;
      else if (!this.token(byte)) return this.fail();
      if (this.options.maxValues !== undefined && this.values > this.options.maxValues) return true;
    }
  }

  result(): JsonBytesWalk {
    const { values, longestName, redacted, input } = this;
    const overCount = this.options.maxValues !== undefined && values > this.options.maxValues;
    if (this.failed || !(this.expect === Expect.End || overCount))
      return { json: false, values, longestName, redacted: 0, bytes: input };
    if (redacted === 0) return { json: true, values, longestName, redacted, bytes: input };
    this.pieces.push(this.bytes.subarray(this.copiedTo));
    return { json: true, values, longestName, redacted, bytes: Buffer.concat(this.pieces) };
  }

  private fail(): true {
    this.failed = true;
    return true;
  }

  private afterValue(): Expect {
    return this.stack.length === 0 ? Expect.End : Expect.CommaOrClose;
  }

  /** One token starting with `byte`; false when it cannot stand here. */
  private token(byte: number): boolean {
    const wantsValue = this.expect === Expect.Value || this.expect === Expect.ValueOrClose;
    if (byte === QUOTE) {
      if (!wantsValue && this.expect !== Expect.Key && this.expect !== Expect.KeyOrClose) return false;
      this.openString = { open: this.at, from: this.at + 1 };
    } else if (byte === 0x7b || byte === 0x5b) {
      if (!wantsValue) return false;
      this.values++;
      if (this.nextMasked) this.maskFrom = this.stack.length;
      this.nextMasked = false;
      this.stack.push(byte === 0x7b);
      this.expect = byte === 0x7b ? Expect.KeyOrClose : Expect.ValueOrClose;
      this.at++;
    } else if (byte === 0x7d || byte === 0x5d) {
      const object = byte === 0x7d;
      const closable = object ? Expect.KeyOrClose : Expect.ValueOrClose;
      if (this.stack.at(-1) !== object || (this.expect !== closable && this.expect !== Expect.CommaOrClose))
        return false;
      this.stack.pop();
      if (this.maskFrom === this.stack.length) this.maskFrom = -1;
      this.expect = this.afterValue();
      this.at++;
    } else if (byte === 0x3a && this.expect === Expect.Colon) {
      this.expect = Expect.Value;
      this.at++;
    } else if (byte === 0x2c && this.expect === Expect.CommaOrClose) {
      this.expect = this.stack.at(-1) ? Expect.Key : Expect.Value;
      this.at++;
    } else if (isScalarByte(byte) && wantsValue) {
      this.values++;
      this.nextMasked = false;
      this.inScalar = true;
    } else return false;
    return true;
  }

  /** Looks for the quote closing `open` (a step at a time: each quote found is one); false when there is none. */
  private closeString(open: OpenString): boolean {
    const close = this.bytes.indexOf(QUOTE, open.from);
    if (close === -1) return false;
    let backslashes = 0;
    while (this.bytes[close - 1 - backslashes] === BACKSLASH) backslashes++;
    if (backslashes % 2 === 1) {
      open.from = close + 1;
      return true;
    }
    this.openString = undefined;
    this.at = close + 1;
    if (this.expect === Expect.Key || this.expect === Expect.KeyOrClose) {
      this.longestName = Math.max(this.longestName, close - open.open - 1);
      this.nextMasked = this.options.mask && this.maskFrom === -1 && this.sensitive(open.open, close);
      this.expect = Expect.Colon;
      return true;
    }
    this.values++;
    if ((this.maskFrom !== -1 || this.nextMasked) && close > open.open + 1) {
      this.pieces.push(this.bytes.subarray(this.copiedTo, open.open), MASKED);
      this.copiedTo = close + 1;
      this.redacted++;
    }
    this.nextMasked = false;
    this.expect = this.afterValue();
    return true;
  }

  /** Whether the member name between these quotes is credential-bearing (escapes decoded, as Python reads it). */
  private sensitive(open: number, close: number): boolean {
    let name = this.bytes.toString('utf8', open + 1, close);
    if (name.includes('\\')) {
      try {
        name = JSON.parse(this.bytes.toString('utf8', open, close + 1)) as string;
      } catch {}
    }
    let verdict = this.names.get(name);
    if (verdict === undefined) {
      if (this.names.size >= NAME_CACHE) this.names.clear();
      this.names.set(name, (verdict = isSensitiveName(name)));
    }
    return verdict;
  }
}

/**
 * Walks JSON bytes token by token, without building a value, a few milliseconds at a time with the
 * event loop running between: it counts the values, and with `mask` replaces every non-empty string
 * under a credential-bearing member (the rule of `withoutSecrets`, there for matchers) with
 * `REDACTED`, leaving every other byte as it was. Memory is the input plus the output's pieces and
 * a stack as deep as the nesting, so tens of megabytes of small objects cost what their bytes cost.
 * Bytes that are not one JSON value come back unmasked with `json: false`: without a structure
 * nothing can be said to sit under a name.
 */
export async function walkJsonBytes(input: Uint8Array, options: JsonBytesWalkOptions): Promise<JsonBytesWalk> {
  const walker = new JsonBytesWalker(input, Buffer.from(input.buffer, input.byteOffset, input.byteLength), options);
  while (!walker.step(performance.now() + SLICE_MS)) await nextTurn();
  return walker.result();
}
