import type { SpecDiff } from '../diff/index.js';

export interface ChangesetOptions {
  /** Packages whose version the change bumps. */
  packages: readonly string[];
  /** Target folder the update was for (`a1111-1.10`). */
  target: string;
  /** Where the spec came from. */
  source: string;
  /** SDK calls the changed operations affect. */
  affectedCalls: readonly string[];
}

const MAX_LINES = 60;

/**
 * A changeset (`.changeset/*.md`) for a webui spec update: the bump follows the diff's
 * classification (breaking → major, feature → minor, fix → patch); the text lists the changes.
 */
export function specUpdateChangeset(diff: SpecDiff, options: ChangesetOptions): string {
  if (diff.bump === 'none') throw new Error('no changes: no changeset to write');
  const frontmatter = options.packages.map((name) => `"${name}": ${diff.bump}`).join('\n');
  const lines = [
    `Types regenerated for \`${options.target}\` from ${options.source}: ${diff.counts.breaking} breaking, ${diff.counts.feature} new, ${diff.counts.fix} fixed.`,
    '',
    `Affected SDK calls: ${options.affectedCalls.join(', ') || 'none'}.`,
  ];
  for (const kind of ['breaking', 'feature', 'fix'] as const) {
    const changes = diff.changes.filter((change) => change.kind === kind);
    if (changes.length === 0) continue;
    lines.push('', `${{ breaking: 'Breaking', feature: 'New', fix: 'Fixed' }[kind]}:`, '');
    for (const change of changes.slice(0, MAX_LINES)) {
      lines.push(`- \`${change.operation}\`${change.location ? ` \`${change.location}\`` : ''}: ${change.message}`);
    }
    if (changes.length > MAX_LINES)
      lines.push(`- … and ${changes.length - MAX_LINES} more (run \`sdwebui spec diff\` for all)`);
  }
  return `---\n${frontmatter}\n---\n\n${lines.join('\n')}\n`;
}
