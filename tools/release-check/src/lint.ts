import { fileURLToPath } from 'node:url';
import { run } from './run.js';

/** A tool's CLI script from this package's own node_modules (same path from src/ and dist/). */
const bin = (pkg: string, file: string) => fileURLToPath(new URL(`../node_modules/${pkg}/${file}`, import.meta.url));

export interface LintResult {
  ok: boolean;
  /** What failed and why, tool output included. */
  problems: string[];
}

/**
 * publint (files, exports, types pointing at real files) and "are the types wrong" with the
 * `esm-only` profile (our packages are ESM-only, which Node 20.19+ can also `require()`).
 */
export async function lintTarball(tarball: string): Promise<LintResult> {
  const problems: string[] = [];
  const publint = await run(process.execPath, [bin('publint', 'src/cli.js'), '--strict', tarball]);
  if (publint.code !== 0 || !/All good!/.test(publint.output)) problems.push(`publint:\n${publint.output.trim()}`);
  const attw = await run(process.execPath, [bin('@arethetypeswrong/cli', 'dist/index.js'), tarball, '--profile', 'esm-only', '--format', 'ascii']);
  if (attw.code !== 0) problems.push(`attw --profile esm-only:\n${attw.output.trim()}`);
  return { ok: problems.length === 0, problems };
}
