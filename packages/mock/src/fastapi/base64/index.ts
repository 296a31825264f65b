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
  if (text.length % 4 !== 0) return undefined;
  const pads = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  if (text.endsWith('===')) return undefined;
  // Node also takes base64url's `-` and `_`, which Python drops; and non-ASCII characters could alias
  // alphabet characters in a decoder that reads code units as bytes.
  if (text.includes('-') || text.includes('_') || Buffer.byteLength(text, 'utf8') !== text.length) return undefined;
  const bytes = Buffer.from(text, 'base64');
  if (bytes.length !== (text.length / 4) * 3 - pads) return undefined;
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length);
}

/** Python's decoding loop, character by character: for text that is not canonical base64. */
export function decodeCharacters(text: string): Uint8Array {
  if (/[^\x00-\x7f]/.test(text)) throw new Base64DecodeError('string argument should contain only ASCII characters');
  const out = new Uint8Array(Math.floor((text.length * 3) / 4) + 3);
  let length = 0;
  let quadPos = 0;
  let leftChar = 0;
  let pads = 0;
  for (let i = 0; i < text.length; i++) {
    const char = text.charCodeAt(i);
    if (char === 61) {
      // Mirrors CPython: `=` only counts once two data characters of the quantum are in.
      if (quadPos >= 2 && quadPos + ++pads >= 4) return out.slice(0, length);
      continue;
    }
    const value = VALUES.get(char);
    if (value === undefined) continue;
    pads = 0;
    if (quadPos === 0) {
      leftChar = value;
      quadPos = 1;
    } else if (quadPos === 1) {
      out[length++] = (leftChar << 2) | (value >> 4);
      leftChar = value & 0x0f;
      quadPos = 2;
    } else if (quadPos === 2) {
      out[length++] = ((leftChar << 4) | (value >> 2)) & 0xff;
      leftChar = value & 0x03;
      quadPos = 3;
    } else {
      out[length++] = ((leftChar << 6) | value) & 0xff;
      quadPos = 0;
    }
  }
  if (quadPos === 1) {
    const characters = Math.floor(length / 3) * 4 + 1;
    throw new Base64DecodeError(
      `Invalid base64-encoded string: number of data characters (${characters}) cannot be 1 more than a multiple of 4`,
    );
  }
  if (quadPos !== 0) throw new Base64DecodeError('Incorrect padding');
  return out.slice(0, length);
}
