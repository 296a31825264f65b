import { describe, expect, it } from 'vitest';
import { processTime } from './index.js';

describe('processTime', () => {
  it("prints seconds as the webui's str(round(seconds, 4)) does", () => {
    const cases: Array<[number, string]> = [
      [0, '0.0'],
      [0.049, '0.0'],
      [0.06, '0.0001'],
      [1.2345, '0.0012'],
      [12, '0.012'],
      [1500, '1.5'],
      [2000, '2.0'],
      [61_234.56, '61.2346'],
    ];
    for (const [elapsedMs, text] of cases) expect(processTime(1000, 1000 + elapsedMs), `${elapsedMs} ms`).toBe(text);
  });
});
