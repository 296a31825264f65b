import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DENO_RUN, ensureRuntimes, type InstalledRuntimes } from '@sdwebui/runtime-matrix/runtimes';
import type { LintResult } from '../lint.js';
import { run } from '../run.js';
import { RUNTIMES_SCRIPT } from './script.js';

/** A runtime, how it runs a script, and the mock entry its export condition must choose. */
const ROWS: ReadonlyArray<{
  name: string;
  binary: (runtimes: InstalledRuntimes) => string;
  args: readonly string[];
  entry: string;
}> = [
  { name: 'Node 22', binary: (runtimes) => runtimes.node22, args: [], entry: 'dist/bundle/esm/index.js' },
  { name: 'Node 24', binary: (runtimes) => runtimes.node24, args: [], entry: 'dist/bundle/esm/index.js' },
  { name: 'Bun', binary: (runtimes) => runtimes.bun, args: [], entry: 'dist/bundle/bun/index.js' },
  { name: 'Deno', binary: (runtimes) => runtimes.deno, args: DENO_RUN, entry: 'dist/bundle/deno/index.js' },
];

/**
 * The installed tarballs on the other runtimes of the matrix (its pinned binaries, installed into its
 * cache if missing): each resolves the packages from `dir`, its condition picks the mock's entry
 * for it (Bun's and Deno's own servers), and the SDK generates an image against that mock.
 */
export async function checkRuntimes(dir: string): Promise<LintResult & { names: string[] }> {
  const runtimes = await ensureRuntimes();
  await writeFile(join(dir, 'runtimes.mjs'), RUNTIMES_SCRIPT);
  const problems: string[] = [];
  for (const { name, binary, args, entry } of ROWS) {
    const result = await run(binary(runtimes), [...args, 'runtimes.mjs'], {
      cwd: dir,
      env: { DENO_NO_UPDATE_CHECK: '1' },
      timeoutMs: 120_000,
    });
    const chosen = /^ENTRY (\S+)$/m.exec(result.output)?.[1] ?? '';
    if (result.code !== 0 || !result.output.includes('runtime ok'))
      problems.push(`${name}: the tarballs failed:\n${result.output.slice(-3000)}`);
    else if (!chosen.endsWith(`/node_modules/@sdwebui/mock/${entry}`))
      problems.push(`${name}: @sdwebui/mock resolved to ${chosen}, expected its ${entry}`);
  }
  return { ok: problems.length === 0, problems, names: ROWS.map((row) => row.name) };
}
