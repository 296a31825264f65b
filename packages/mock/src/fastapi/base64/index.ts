/** Thrown where Python's `binascii.a2b_base64` raises `binascii.Error`. */
export class Base64DecodeError extends Error {}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const CANONICAL = /^[A-Za-z0-9+/]*={0,2}$/;
const VALUES = new Map([...ALPHABET].map((char, index) => [char.charCodeAt(0), index]));

/**
 * Python's `base64.b64decode(s)` (non-strict), which the webui uses for images and FastAPI's
 * `HTTPBasic` for credentials: characters outside the alphabet are dropped, a pad sequence
 * ends the input once it completes a quantum, and a leftover partial quantum is an error
 * ("Incorrect padding", or one character too many). Non-ASCII text is a `ValueError` in
 * Python; here it throws too.
 */
export function pythonB64decode(text: string): Uint8Array {
  // Canonical base64 (every image a client sends) decodes the same either way: natively, in a fraction of
  // the time a character loop takes over tens of megabytes, so the server stays responsive.
  if (text.length % 4 === 0 && CANONICAL.test(text)) return new Uint8Array(Buffer.from(text, 'base64'));
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
