import { setImmediate as nextTurn } from 'node:timers/promises';

/** Thrown where Python's `binascii.a2b_base64` raises `binascii.Error`. */
export class Base64DecodeError extends Error {}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const VALUES = new Map([...ALPHABET].map((char, index) => [char.charCodeAt(0), index]));

/**
 * Python's `base64.b64decode(s)` (non-strict), which the webui uses for images and FastAPI's
 * `HTTPBasic` for credentials: characters outside the alphabet are dropped, a pad sequence
 * ends the input once it completes a quantum, and a leftover partial quantum is an error
 * ("Incorrect padding", or one character too many). Non-ASCII text is a `ValueError` in
 * Python; here it throws too.
 */
export function pythonB64decode(text: string): Uint8Array {
  return canonicalDecode(text) ?? decodeCharacters(text);
}

/**
 * Canonical base64 (every image a client sends) decoded natively, or undefined for any other text. Node's
 * decoder skips characters outside its alphabet and stops at a `=`, so it wrote every byte the length
 * promises only when each character before the trailing padding was in its alphabet: a few native passes
 * (tens of milliseconds for 40 MB) instead of a regular expression over the text (hundreds).
 */
function canonicalDecode(text: string): Uint8Array | undefined {
  if (text.length % 4 !== 0 || text.endsWith('===')) return undefined;
  const out = Buffer.allocUnsafe((text.length / 4) * 3);
  const written = decodeCanonicalPiece(text, out, 0, text.length, 0);
  return written === undefined ? undefined : new Uint8Array(out.buffer, out.byteOffset, written);
}

/** Characters `pythonB64decodeYielding` decodes per turn of the event loop (a multiple of 4). */
const SLICE = 4 << 20;

/**
 * `text[start, end)` decoded into `out` at `at`, or undefined when it is not canonical: Node also takes
 * base64url's `-` and `_`, which Python drops, and non-ASCII characters could alias alphabet characters in
 * a decoder that reads code units as bytes. Padding may only end the whole text.
 */
function decodeCanonicalPiece(text: string, out: Buffer, start: number, end: number, at: number): number | undefined {
  const piece = start === 0 && end === text.length ? text : text.slice(start, end);
  if (piece.includes('-') || piece.includes('_') || Buffer.byteLength(piece, 'utf8') !== piece.length) return undefined;
  const pads = end < text.length ? 0 : piece.endsWith('==') ? 2 : piece.endsWith('=') ? 1 : 0;
  const written = out.write(piece, at, 'base64');
  return written === (piece.length / 4) * 3 - pads ? at + written : undefined;
}

/**
 * `pythonB64decode` for text that may be tens of megabytes (an init image): decoded a few megabytes per
 * turn of the event loop, so the server keeps answering meanwhile.
 */
export async function pythonB64decodeYielding(text: string): Promise<Uint8Array> {
  if (text.length <= SLICE) return pythonB64decode(text);
  if (text.length % 4 === 0 && !text.endsWith('===')) {
    const out = Buffer.allocUnsafe((text.length / 4) * 3);
    let at: number | undefined = 0;
    for (let start = 0; at !== undefined && start < text.length; start += SLICE) {
      at = decodeCanonicalPiece(text, out, start, Math.min(text.length, start + SLICE), at);
      await nextTurn();
    }
    if (at !== undefined) return new Uint8Array(out.buffer, out.byteOffset, at);
  }
  if (/[^\x00-\x7f]/.test(text)) throw new Base64DecodeError('string argument should contain only ASCII characters');
  const decoder = new CharacterDecoder(text.length);
  for (let start = 0; start < text.length; start += SLICE) {
    if (decoder.feed(text, start, Math.min(text.length, start + SLICE))) break;
    await nextTurn();
  }
  return decoder.finish();
}

/** Python's decoding loop, character by character: for text that is not canonical base64. */
export function decodeCharacters(text: string): Uint8Array {
  if (/[^\x00-\x7f]/.test(text)) throw new Base64DecodeError('string argument should contain only ASCII characters');
  const decoder = new CharacterDecoder(text.length);
  decoder.feed(text, 0, text.length);
  return decoder.finish();
}

/** CPython's `a2b_base64` state machine, fed a piece at a time (so a large text can be decoded in turns). */
class CharacterDecoder {
  private readonly out: Uint8Array;
  private length = 0;
  private quadPos = 0;
  private leftChar = 0;
  private pads = 0;
  private ended = false;

  constructor(characters: number) {
    this.out = new Uint8Array(Math.floor((characters * 3) / 4) + 3);
  }

  /** Decodes `text[start, end)`; true once a pad sequence has ended the input. */
  feed(text: string, start: number, end: number): boolean {
    const { out } = this;
    for (let i = start; i < end && !this.ended; i++) {
      const char = text.charCodeAt(i);
      if (char === 61) {
        // Mirrors CPython: `=` only counts once two data characters of the quantum are in.
        if (this.quadPos >= 2 && this.quadPos + ++this.pads >= 4) this.ended = true;
        continue;
      }
      const value = VALUES.get(char);
      if (value === undefined) continue;
      this.pads = 0;
      if (this.quadPos === 0) {
        this.leftChar = value;
        this.quadPos = 1;
      } else if (this.quadPos === 1) {
        out[this.length++] = (this.leftChar << 2) | (value >> 4);
        this.leftChar = value & 0x0f;
        this.quadPos = 2;
      } else if (this.quadPos === 2) {
        out[this.length++] = ((this.leftChar << 4) | (value >> 2)) & 0xff;
        this.leftChar = value & 0x03;
        this.quadPos = 3;
      } else {
        out[this.length++] = ((this.leftChar << 6) | value) & 0xff;
        this.quadPos = 0;
      }
    }
    return this.ended;
  }

  /** The bytes, or CPython's error for a leftover partial quantum. */
  finish(): Uint8Array {
    if (this.ended) return this.out.slice(0, this.length);
    if (this.quadPos === 1) {
      const characters = Math.floor(this.length / 3) * 4 + 1;
      throw new Base64DecodeError(
        `Invalid base64-encoded string: number of data characters (${characters}) cannot be 1 more than a multiple of 4`,
      );
    }
    if (this.quadPos !== 0) throw new Base64DecodeError('Incorrect padding');
    return this.out.slice(0, this.length);
  }
}
