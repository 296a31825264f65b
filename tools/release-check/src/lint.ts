import { fileURLToPath } from 'node:url';
import { checkDependencyRanges } from './dependency-ranges/index.js';
import { checkExportsMap } from './exports-map/index.js';
import { run } from './run.js';
import { checkSourceMaps } from './source-maps/index.js';
import { readTarball } from './tarball/index.js';

/** A tool's CLI script from this package's own node_modules (same path from src/ and dist/). */
const bin = (pkg: string, file: string) => fileURLToPath(new URL(`../node_modules/${pkg}/${file}`, import.meta.url));

export interface LintResult {
  ok: boolean;
  /** What failed and why, tool output included. */
  problems: string[];
}

/**
 * publint (files, exports, types pointing at real files); "are the types wrong" with the `node16`
 * profile, so the `require()` row is checked too (resolving to ESM is accepted: Node 20.19+
 * `require()`s ESM); then our own checks on the tarball's contents: the exports map resolves for
 * import, require() and types, every source map's sources are shipped, no `workspace:` range is left.
 */
export async function lintTarball(tarball: string): Promise<LintResult> {
  const problems: string[] = [];
  const publint = await run(process.execPath, [bin('publint', 'src/cli.js'), '--strict', tarball]);
  if (publint.code !== 0 || !/All good!/.test(publint.output)) problems.push(`publint:\n${publint.output.trim()}`);
  const attwArgs = [tarball, '--profile', 'node16', '--ignore-rules', 'cjs-resolves-to-esm', '--format', 'ascii'];
  const attw = await run(process.execPath, [bin('@arethetypeswrong/cli', 'dist/index.js'), ...attwArgs]);
  if (attw.code !== 0) problems.push(`attw --profile node16:\n${attw.output.trim()}`);
  const files = await readTarball(tarball);
  const manifestFile = files.get('package.json');
  if (manifestFile === undefined) return { ok: false, problems: [...problems, 'the tarball has no package.json'] };
  const manifest = JSON.parse(manifestFile.toString('utf8')) as Parameters<typeof checkDependencyRanges>[0];
  problems.push(
    ...checkExportsMap(manifest, new Set(files.keys())),
    ...checkSourceMaps(files),
    ...checkDependencyRanges(manifest),
  );
  return { ok: problems.length === 0, problems };
}
