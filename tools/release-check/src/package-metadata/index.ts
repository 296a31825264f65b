import type { TarballFiles } from '../tarball/index.js';

/** The manifest fields this check reads. */
export interface PackageMetadata {
  name?: string;
  license?: unknown;
  repository?: unknown;
  homepage?: unknown;
  bugs?: unknown;
  engines?: { node?: unknown };
}

/** Where the packages live: the root package.json's `repository.url` (one place to change it). */
export interface ExpectedMetadata {
  repositoryUrl: string;
  /** The license text every tarball must carry (the repository's LICENSE). */
  licenseText: string;
}

const urlOf = (value: unknown): unknown =>
  typeof value === 'object' && value !== null ? (value as { url?: unknown }).url : value;

/**
 * What npmjs.com and a user's tools read besides the code: `repository` (with the package's
 * `directory`), `homepage`, `bugs`, `engines.node`, a `license` field and the license text itself
 * in a LICENSE file (MIT asks that it go with every copy). Returns one line per problem.
 */
export function checkPackageMetadata(
  manifest: PackageMetadata,
  files: TarballFiles,
  expected: ExpectedMetadata,
): string[] {
  const name = manifest.name ?? 'the package';
  const problems: string[] = [];
  const repository = manifest.repository as { url?: unknown; directory?: unknown } | undefined;
  if (urlOf(repository) !== expected.repositoryUrl)
    problems.push(
      `${name}: repository.url is ${JSON.stringify(urlOf(repository))}, expected ${expected.repositoryUrl}`,
    );
  if (typeof repository?.directory !== 'string' || !/^packages\/[a-z0-9-]+$/.test(repository.directory))
    problems.push(`${name}: repository.directory must name the package's folder, e.g. "packages/client"`);
  for (const field of ['homepage', 'bugs'] as const) {
    const url = urlOf(manifest[field]);
    if (typeof url !== 'string' || !url.startsWith('https://')) problems.push(`${name}: no ${field} URL`);
  }
  if (typeof manifest.engines?.node !== 'string') problems.push(`${name}: no engines.node`);
  if (typeof manifest.license !== 'string') problems.push(`${name}: no license field`);
  const license = files.get('LICENSE')?.toString('utf8');
  if (license === undefined) problems.push(`${name}: no LICENSE file in the tarball`);
  else if (license.trim() !== expected.licenseText.trim())
    problems.push(`${name}: LICENSE differs from the repository's LICENSE`);
  return problems;
}
