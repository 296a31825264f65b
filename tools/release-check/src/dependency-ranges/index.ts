import { validRange } from 'semver';

const FIELDS = ['dependencies', 'peerDependencies', 'optionalDependencies'] as const;

/**
 * Checks that a published manifest's dependencies are registry semver ranges: a leftover
 * `workspace:`, `file:` or `link:` range (what `npm publish` leaves where `pnpm publish` would
 * have rewritten it) makes the package uninstallable.
 */
export function checkDependencyRanges(
  manifest: Partial<Record<(typeof FIELDS)[number], Record<string, string>>> & { name?: string },
): string[] {
  const problems: string[] = [];
  for (const field of FIELDS) {
    for (const [name, range] of Object.entries(manifest[field] ?? {})) {
      if (validRange(range) === null)
        problems.push(`${manifest.name} ${field}: ${name}@${range} is not a semver range`);
    }
  }
  return problems;
}
