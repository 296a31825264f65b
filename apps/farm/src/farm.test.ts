import { describe, expect, it } from 'vitest';
import { runFarm } from './farm.js';

describe('the farm', () => {
  it('runs every job once over every backend, with two worker processes', async () => {
    const lines: string[] = [];
    const report = await runFarm({ backends: 3, workers: 2, jobs: 24, stepMs: 1, log: (line) => lines.push(line) });
    expect(report.outcomes.map((outcome) => outcome.state)).toEqual(Array(24).fill('completed'));
    expect(Object.keys(report.perBackend)).toHaveLength(3);
    for (const outcome of report.outcomes) if (outcome.model) expect(outcome.detail).toContain(outcome.model);
    expect(lines.at(-1)).toMatch(/^24\/24 completed in [\d.]+ s: [\d.]+ jobs\/s over 3 backends$/);
  });
});
