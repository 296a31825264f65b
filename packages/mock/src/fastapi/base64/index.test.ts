import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { turnsWhile } from '../../testing/event-loop-turns.js';
import { decodeCharacters, pythonB64decode, pythonB64decodeYielding } from './index.js';

/** A seeded generator (mulberry32), so a failing case can be reproduced. */
function random(seed: number): (n: number) => number {
  let state = seed;
  return (n) => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) % n;
  };
}

const outcome = (decode: (text: string) => Uint8Array, text: string) => {
  try {
    return Buffer.from(decode(text)).toString('hex');
  } catch (error) {
    return `error: ${(error as Error).message}`;
  }
};

describe('pythonB64decode', () => {
  it('decodes canonical base64 natively to the same bytes as the character loop', () => {
    for (const size of [0, 1, 2, 3, 4, 5, 255, 4096, 100_000]) {
      const bytes = randomBytes(size);
      const text = bytes.toString('base64');
      expect(pythonB64decode(text)).toEqual(new Uint8Array(bytes));
      expect(decodeCharacters(text)).toEqual(new Uint8Array(bytes));
      // A newline is outside the alphabet: Python drops it.
      expect(pythonB64decode(`${text}\n`)).toEqual(new Uint8Array(bytes));
    }
  });

  it('keeps Python’s errors for what is not canonical', () => {
    expect(() => pythonB64decode('abcde')).toThrow(/1 more than a multiple of 4/);
    expect(() => pythonB64decode('abc')).toThrow('Incorrect padding');
    expect(() => pythonB64decode('ab\u00e9=')).toThrow(/only ASCII/);
  });

  it('never takes the native path where its answer would differ from Python’s', () => {
    // U+0141's low byte is "A": a decoder reading code units as bytes would accept it.
    expect(() => pythonB64decode('AAA\u0141')).toThrow(/only ASCII/);
    // Padding inside the text ends Python's decoding once it completes a quantum; trailing bits are ignored.
    expect(pythonB64decode('AB==CDEF')).toEqual(new Uint8Array([0]));
    expect(() => pythonB64decode('A===')).toThrow(/1 more than a multiple of 4/);
    // Characters outside the alphabet are dropped, wherever they are.
    expect(pythonB64decode('AA!A\nAAAAA')).toEqual(new Uint8Array(6));
    const next = random(7);
    const alphabet = ['A', 'Q', 'g', 'w', '/', '+', '=', '\n', '!', '-', '_', '\u00e9', '\u0141', '\u0000'];
    for (let n = 0; n < 50_000; n++) {
      const length = 4 * next(7) + (next(4) === 0 ? next(4) : 0);
      let text = '';
      for (let k = 0; k < length; k++) text += alphabet[next(next(3) === 0 ? alphabet.length : 6)];
      expect(outcome(pythonB64decode, text), JSON.stringify(text)).toBe(outcome(decodeCharacters, text));
    }
  });
});

describe('pythonB64decodeYielding', () => {
  const MB = 1 << 20;
  const canonical = Buffer.from(randomBytes(9 * MB)).toString('base64');

  it('decodes what pythonB64decode decodes, across its slices', async () => {
    const texts = [
      canonical,
      `${canonical.slice(0, -4)}QQ==`,
      // MIME-style lines, a pad in the middle, base64url characters: not canonical, Python's loop.
      canonical.replace(/(.{76})/g, '$1\n'),
      `${canonical.slice(0, 6 * MB)}=${canonical.slice(6 * MB)}`,
      canonical.replaceAll('+', '-'),
    ];
    // Bytes, or the error's message: both decoders must agree on either.
    const outcome = async (decode: () => Uint8Array | Promise<Uint8Array>) => {
      try {
        return Buffer.from(await decode()).toString('base64');
      } catch (error) {
        return (error as Error).message;
      }
    };
    for (const text of texts) {
      expect(await outcome(() => pythonB64decodeYielding(text))).toBe(await outcome(() => pythonB64decode(text)));
    }
  });

  it("raises Python's errors", async () => {
    await expect(pythonB64decodeYielding(`${canonical}A`)).rejects.toThrow(/cannot be 1 more than a multiple of 4/);
    await expect(pythonB64decodeYielding(`${canonical}AA`)).rejects.toThrow('Incorrect padding');
    await expect(pythonB64decodeYielding(`${canonical}é`)).rejects.toThrow(/only ASCII/);
  });

  it('lets the event loop run, on canonical text and on the character loop', async () => {
    for (const text of [canonical, canonical.replace(/(.{76})/g, '$1\n')]) {
      const { turns } = await turnsWhile(() => pythonB64decodeYielding(text));
      expect(turns).toBeGreaterThan(1);
    }
  });
});
