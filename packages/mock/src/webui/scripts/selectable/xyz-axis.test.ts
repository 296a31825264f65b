import { describe, expect, it } from 'vitest';
import { axisValues, MAX_VALUES } from './xyz-axis.js';

/** An endless list of one item, counting how many were taken. */
function endless(item: string) {
  const taken = { count: 0 };
  function* items() {
    for (;;) {
      taken.count++;
      yield item;
    }
  }
  return { items: items(), taken };
}

describe('X/Y/Z axis values are capped before they are expanded (issue #23)', () => {
  // Before, every item of the text was split off and every range expanded, then 64 values kept:
  // a 5 MB text of `1-64` items made 160 M strings (≥ 27 s, 1.6 GB).
  it('expands only what the cap leaves room for, from an endless list of ranges', () => {
    const { items, taken } = endless('1-1000000');
    const values = axisValues(items, 'int');
    expect(values).toHaveLength(MAX_VALUES);
    expect(values.at(-1)).toBe(String(MAX_VALUES));
    expect(taken.count).toBe(1);
  });

  it('caps a counted range before making it', () => {
    const { items } = endless('1-2 [1000000000]');
    expect(axisValues(items, 'float')).toHaveLength(MAX_VALUES);
  });

  it('reads at most MAX_VALUES items, even when they expand to nothing', () => {
    const { items, taken } = endless('5-1');
    expect(axisValues(items, 'int')).toEqual([]);
    expect(taken.count).toBe(MAX_VALUES);
  });

  // Before, empty items were skipped without being counted: 5 MB of commas held the loop 0.8 s.
  it('counts empty items as read, and makes no value of them', () => {
    const { items, taken } = endless('');
    expect(axisValues(items, 'int')).toEqual([]);
    expect(taken.count).toBe(MAX_VALUES);
    expect(axisValues(['', '1', '', '2-3'], 'int')).toEqual(['1', '2', '3']);
  });

  it('keeps the webui values within the cap', () => {
    expect(axisValues(['1-3', '10-20 (+5)', '0-1 [3]'], 'float')).toEqual([
      '1',
      '2',
      '3',
      '10',
      '15',
      '20',
      '0',
      '0.5',
      '1',
    ]);
    expect(axisValues(['a', 'b'], 'str')).toEqual(['a', 'b']);
  });
});
