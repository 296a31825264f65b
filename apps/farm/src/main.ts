#!/usr/bin/env node
/** `pnpm demo:farm [--backends N] [--workers N] [--jobs N] [--step-ms N]`; REDIS_URL uses an existing Redis. */
import { parseArgs } from 'node:util';
import { runFarm } from './farm.js';

const { values } = parseArgs({
  options: {
    backends: { type: 'string' },
    workers: { type: 'string' },
    jobs: { type: 'string' },
    'step-ms': { type: 'string' },
  },
});
const count = (value: string | undefined, flag: string): number | undefined => {
  if (value === undefined) return undefined;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 1) {
    process.stderr.write(`error: --${flag} must be a whole number ≥ 1, got "${value}"\n`);
    process.exit(2);
  }
  return parsed;
};
const report = await runFarm({
  backends: count(values.backends, 'backends'),
  workers: count(values.workers, 'workers'),
  jobs: count(values.jobs, 'jobs'),
  stepMs: count(values['step-ms'], 'step-ms'),
});
process.exit(report.outcomes.every((outcome) => outcome.state === 'completed') ? 0 : 1);
