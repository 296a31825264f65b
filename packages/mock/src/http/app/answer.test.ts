import { describe, expect, it } from 'vitest';
import { turnsWhile } from '../../testing/event-loop-turns.js';
import { createMockApp } from './index.js';

describe('answers of async handlers (issue #23)', () => {
  it('writes a large generation answer a megabyte at a time, the event loop turning in between', async () => {
    const { app } = createMockApp();
    // An allowed answer of ~11 MB: the prompt echoed in `parameters`, three times in `info`, once in the PNG.
    const body = JSON.stringify({ prompt: 'x'.repeat(2_000_000), steps: 1, width: 8, height: 8 });
    const { turns, result } = await turnsWhile(async () => {
      const response = await app.request('/sdapi/v1/txt2img', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
      });
      return { status: response.status, text: await response.text() };
    });
    expect(result.status).toBe(200);
    expect(result.text.length).toBeGreaterThan(10 * 2 ** 20);
    // The job turns the loop about nine times (drawing, describing); writing the answer adds one turn per
    // megabyte of its large strings (about 13 here). Before, the answer was escaped in one go: 9 turns in all.
    expect(turns).toBeGreaterThanOrEqual(Math.floor((1.5 * result.text.length) / 2 ** 20));
  });
});
