import { describe, expect, it } from 'vitest';
import { pyFloat } from '../../python/index.js';
import { formatSdnextInfotext } from './infotext.js';

describe("SD.Next's infotext format (processing_info.create_infotext)", () => {
  it('always writes the Negative prompt line, and starts there when the prompt is empty', () => {
    expect(formatSdnextInfotext('a cat', '', [['Steps', 20]])).toBe('a cat\nNegative prompt: \nSteps: 20');
    expect(formatSdnextInfotext('', 'bad', [['Steps', 20]])).toBe('Negative prompt: bad\nSteps: 20');
  });

  it('drops None, numbers ≤ -1, empty lists, "" and "0x0"; keeps False and 0.0; joins lists', () => {
    const text = formatSdnextInfotext('p', '', [
      ['Steps', 20],
      ['Sampler', null],
      ['Seed resize from', -1],
      ['CFG rescale', pyFloat(0)],
      ['Styles', []],
      ['Refiner prompt', ''],
      ['Hires size', '0x0'],
      ['Refine', false],
      ['Detailer', ['a', 'b']],
    ]);
    expect(text).toBe('p\nNegative prompt: \nSteps: 20, CFG rescale: 0.0, Refine: False, Detailer: "a, b"');
  });

  it('JSON-quotes a value holding a comma, a colon or a newline (non-ASCII kept), and writes a key equal to its value alone', () => {
    const text = formatSdnextInfotext('p', '', [
      ['Model', 'a: "b"'],
      ['Comment', 'Käse\nline'],
      ['Same', 'Same'],
    ]);
    expect(text).toBe('p\nNegative prompt: \nModel: "a: \\"b\\"", Comment: "Käse\\nline", Same');
  });

  it('lets a later entry replace an earlier one in its place, as a dict update does', () => {
    expect(
      formatSdnextInfotext('p', '', [
        ['A', 1],
        ['B', 2],
        ['A', 3],
      ]),
    ).toBe('p\nNegative prompt: \nA: 3, B: 2');
  });
});
