import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from '@sdwebui/release-check/run';
import { afterAll, expect, it } from 'vitest';
import { writePnpmShim } from './index.js';

const dir = await mkdtemp(join(tmpdir(), 'sdwebui-shim-'));
afterAll(() => rm(dir, { recursive: true, force: true }));

it('writes a pnpm shim that runs pnpm 10', async () => {
  await writePnpmShim(join(dir, 'bin'));
  const result = await run(join(dir, 'bin', 'pnpm'), ['--version'], { timeoutMs: 120_000 });
  expect(result.code, result.output).toBe(0);
  expect(result.output.trim()).toMatch(/^10\.\d+\.\d+$/);
}, 130_000);
