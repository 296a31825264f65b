import { describe, expect, it } from 'vitest';
import { turnsWhile } from '../../testing/event-loop-turns.js';
import { PyFloat } from '../../webui/python/index.js';
import { fastapiJson } from './index.js';
import { fastapiJsonYielding, LARGE_STRING } from './yielding.js';

const text = (bytes: string | Uint8Array) => (typeof bytes === 'string' ? bytes : Buffer.from(bytes).toString());

describe('fastapiJsonYielding', () => {
  it('writes what fastapiJson writes, large strings included', async () => {
    // A surrogate pair straddling the first slice edge, control characters, quotes and non-ASCII.
    const straddling = `${'a'.repeat(LARGE_STRING - 1)}😀${'\n"\\\u0001é'.repeat(1000)}`;
    const values = [
      { detail: [{ loc: ['body', 3], ctx: { doc: straddling, pos: 3 } }], n: new PyFloat(1) },
      [straddling, 'small', straddling.slice(1)],
      'x'.repeat(3 * LARGE_STRING + 7),
      { small: 'only small strings', list: [1, 2, null, true] },
    ];
    for (const value of values) expect(text(await fastapiJsonYielding(value))).toBe(fastapiJson(value));
  });

  it('lets the event loop run while it escapes a large string', async () => {
    const { turns } = await turnsWhile(() => fastapiJsonYielding({ doc: '"'.repeat(8 * LARGE_STRING) }));
    expect(turns).toBeGreaterThan(1);
  });
});
