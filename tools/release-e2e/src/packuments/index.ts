import { writeFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  checkDependencyRanges,
  checkExportsMap,
  checkPackageMetadata,
  type ExpectedMetadata,
  checkSourceMaps,
  readTarball,
  type TarballFiles,
} from '@sdwebui/release-check/checks';

/** What a registry answers for `GET /<name>` (the fields this check reads). */
export interface Packument {
  name: string;
  'dist-tags': Record<string, string>;
  versions: Record<string, PublishedManifest>;
}

export interface PublishedManifest {
  name: string;
  version: string;
  license?: unknown;
  repository?: unknown;
  homepage?: unknown;
  bugs?: unknown;
  engines?: { node?: unknown };
  exports?: unknown;
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  dist: { tarball: string };
}

class RegistryAnswerError extends Error {
  override name = 'RegistryAnswerError';
}

/** Reads a package's packument; `undefined` when the registry has no such package. */
export async function fetchPackument(registry: string, name: string): Promise<Packument | undefined> {
  const response = await fetch(new URL(name.replace('/', '%2f'), registry), { signal: AbortSignal.timeout(30_000) });
  if (response.status === 404) return undefined;
  if (!response.ok) throw new RegistryAnswerError(`GET ${name}: HTTP ${response.status}`);
  return (await response.json()) as Packument;
}

/** Downloads one published tarball and reads its files. */
export async function fetchTarball(url: string): Promise<TarballFiles> {
  const response = await fetch(url, { signal: AbortSignal.timeout(60_000) });
  if (!response.ok) throw new RegistryAnswerError(`GET ${url}: HTTP ${response.status}`);
  const dir = await mkdtemp(join(tmpdir(), 'sdwebui-tarball-'));
  try {
    await writeFile(join(dir, 'package.tgz'), Buffer.from(await response.arrayBuffer()));
    return await readTarball(join(dir, 'package.tgz'));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export interface ExpectedRelease {
  /** Every package of the fixed group. */
  names: readonly string[];
  /** The version all of them must have. */
  version: string;
  /** The dist-tag that must point at `version`. */
  tag: string;
  /** Versions that must still be listed (earlier releases). */
  alsoListed?: readonly string[];
  /** Text the CHANGELOG.md of a package must contain under `## <version>` (by package name). */
  changelog?: Readonly<Record<string, string>>;
  /** Repository and license every published manifest and tarball must carry. */
  metadata?: ExpectedMetadata;
}

/**
 * Checks a release as the registry serves it: every package of the group at `version` under
 * `tag`, earlier versions still listed, internal dependencies pinned to real semver ranges, an
 * exports map that resolves inside the tarball, source maps whose sources are shipped, a
 * CHANGELOG.md with an entry for the version, and (when given) the repository, homepage, bugs and
 * LICENSE. Returns one line per problem.
 */
export async function verifyRelease(registry: string, expected: ExpectedRelease): Promise<string[]> {
  const problems: string[] = [];
  for (const name of expected.names) {
    const packument = await fetchPackument(registry, name);
    if (packument === undefined) {
      problems.push(`${name}: not on the registry`);
      continue;
    }
    if (packument['dist-tags'][expected.tag] !== expected.version) {
      problems.push(
        `${name}: dist-tag ${expected.tag} is ${packument['dist-tags'][expected.tag]}, expected ${expected.version}`,
      );
    }
    for (const version of expected.alsoListed ?? []) {
      if (!(version in packument.versions)) problems.push(`${name}: ${version} is no longer listed`);
    }
    const manifest = packument.versions[expected.version];
    if (manifest === undefined) {
      problems.push(`${name}@${expected.version}: not published`);
      continue;
    }
    problems.push(...checkDependencyRanges(manifest));
    for (const [dependency, range] of Object.entries(manifest.dependencies ?? {})) {
      if (expected.names.includes(dependency) && range !== expected.version) {
        problems.push(
          `${name}@${expected.version} depends on ${dependency}@${range}, not the group's ${expected.version}`,
        );
      }
    }
    const files = await fetchTarball(manifest.dist.tarball);
    problems.push(...checkExportsMap(manifest, new Set(files.keys())), ...checkSourceMaps(files));
    problems.push(...checkChangelog(name, expected.version, files, expected.changelog?.[name]));
    if (expected.metadata !== undefined) problems.push(...checkPackageMetadata(manifest, files, expected.metadata));
  }
  return problems;
}

/** The tarball's CHANGELOG.md has a `## <version>` section, containing `text` when given. */
export function checkChangelog(name: string, version: string, files: TarballFiles, text?: string): string[] {
  const changelog = files.get('CHANGELOG.md')?.toString('utf8');
  if (changelog === undefined) return [`${name}@${version}: no CHANGELOG.md in the tarball`];
  const start = changelog.indexOf(`\n## ${version}\n`);
  if (start === -1) return [`${name}@${version}: CHANGELOG.md has no "## ${version}" entry`];
  const next = changelog.indexOf('\n## ', start + 1);
  const section = changelog.slice(start, next === -1 ? undefined : next);
  if (text !== undefined && !section.includes(text)) return [`${name}@${version}: the CHANGELOG entry lacks "${text}"`];
  return [];
}
