import { describe, expect, it } from 'vitest';
import { findParams } from './params.js';

/** SD.Next's `re_param` as a JavaScript regular expression (Python's `$` is `(?=\n?$)`): the reference. */
const RE_PARAM = /\s*([\p{L}\p{N}_ ]+):\s*("(?:\\"[^,]|\\"|\\|[^"])+"|[^,]*)(?:,|(?=\n?$))/gu;
const reference = (text: string) => [...text.matchAll(RE_PARAM)].map((match) => [match[1], match[2]]);

function* strings(alphabet: readonly string[], length: number): Generator<string> {
  if (length === 0) {
    yield '';
    return;
  }
  for (const head of strings(alphabet, length - 1)) for (const char of alphabet) yield head + char;
}

describe('re_param.findall without the regular expression', () => {
  it('finds the pairs the regular expression finds, for every short text over its special characters', {
    timeout: 120_000,
  }, () => {
    const differ: string[] = [];
    let checked = 0;
    for (const prefix of ['', 'Steps: 1, a: ', 'k:']) {
      for (let length = 0; length <= 6; length++) {
        for (const tail of strings(['\\', '"', ',', ':', 'x', ' ', '\n'], length)) {
          const text = prefix + tail;
          if (JSON.stringify(findParams(text)) !== JSON.stringify(reference(text))) differ.push(text);
          checked++;
        }
      }
    }
    expect(differ).toEqual([]);
    expect(checked).toBeGreaterThan(300_000);
  });

  it('stays linear where the regular expression backtracks for ever: runs of spaces, of backslashes, of \\"\\', () => {
    const spaces = `${' '.repeat(200_000)}x`;
    expect(findParams(spaces)).toEqual([]);
    const unit = '\\"\\';
    const escapes = `Steps: 1, a: "${unit.repeat(100_000)}x`;
    expect(findParams(escapes)).toEqual([
      ['Steps', '1'],
      ['a', `"${unit.repeat(100_000)}x`],
    ]);
    const backslashes = `a: "${'\\'.repeat(200_000)}",b: 2`;
    expect(findParams(backslashes)).toEqual([
      ['a', `"${'\\'.repeat(200_000)}"`],
      ['b', '2'],
    ]);
  });
});
