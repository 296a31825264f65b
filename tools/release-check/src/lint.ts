import { fileURLToPath } from 'node:url';
import { checkDependencyRanges } from './dependency-ranges/index.js';
import { checkExportsMap } from './exports-map/index.js';
import { checkPackageMetadata, type ExpectedMetadata, type PackageMetadata } from './package-metadata/index.js';
import { run } from './run.js';
import { checkSourceMaps } from './source-maps/index.js';
import { readTarball } from './tarball/index.js';
import { checkTypesResolution, type TypesResolution } from './types-resolution/index.js';

/** A tool's CLI script from this package's own node_modules (same path from src/ and dist/). */
const bin = (pkg: string, file: string) => fileURLToPath(new URL(`../node_modules/${pkg}/${file}`, import.meta.url));

export interface LintResult {
  ok: boolean;
  /** What failed and why, tool output included. */
  problems: string[];
}

export interface TarballLint extends LintResult {
  /** attw's verdict per resolution mode. */
  types: TypesResolution;
}

/**
 * publint (files, exports, types pointing at real files); "are the types wrong" with its default
 * profile (node10, node16 from CommonJS and from ESM, bundler; nothing ignored); then our own
 * checks on the tarball's contents: the exports map resolves for import, require() and types, every
 * source map's sources are shipped, no `workspace:` range is left, and the metadata (repository,
 * homepage, bugs, engines, LICENSE) is there.
 */
export async function lintTarball(tarball: string, metadata: ExpectedMetadata): Promise<TarballLint> {
  const problems: string[] = [];
  const publint = await run(process.execPath, [bin('publint', 'src/cli.js'), '--strict', tarball]);
  if (publint.code !== 0 || !/All good!/.test(publint.output)) problems.push(`publint:\n${publint.output.trim()}`);
  const types = await checkTypesResolution(tarball);
  problems.push(...types.problems);
  const files = await readTarball(tarball);
  const manifestFile = files.get('package.json');
  if (manifestFile === undefined)
    return { ok: false, problems: [...problems, 'the tarball has no package.json'], types };
  const manifest = JSON.parse(manifestFile.toString('utf8')) as Parameters<typeof checkDependencyRanges>[0] &
    PackageMetadata;
  problems.push(
    ...checkExportsMap(manifest, new Set(files.keys())),
    ...checkSourceMaps(files),
    ...checkDependencyRanges(manifest),
    ...checkPackageMetadata(manifest, files, metadata),
  );
  return { ok: problems.length === 0, problems, types };
}
