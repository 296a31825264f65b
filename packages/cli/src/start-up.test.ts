import { readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const src = dirname(fileURLToPath(import.meta.url));

/** Packages loaded before any command runs: the static (non-type, non-dynamic) imports reachable from index.ts. */
async function eagerPackages(
  entry: string,
  seen = new Set<string>(),
  packages = new Set<string>(),
): Promise<Set<string>> {
  if (seen.has(entry)) return packages;
  seen.add(entry);
  const text = await readFile(entry, 'utf8');
  for (const match of text.matchAll(/^import\s+(?!type\b)[^;]*?from\s+'([^']+)';/gms)) {
    const specifier = match[1] as string;
    if (specifier.startsWith('.'))
      await eagerPackages(resolve(dirname(entry), specifier.replace(/\.js$/, '.ts')), seen, packages);
    else packages.add(specifier);
  }
  return packages;
}

describe('start-up', () => {
  it('loads only commander and Node built-ins before a command runs (no SDK, spec tooling or mock)', async () => {
    const packages = [...(await eagerPackages(join(src, 'index.ts')))].sort();
    expect(packages.filter((name) => !name.startsWith('node:'))).toEqual(['commander']);
  });

  it('walks the queue and worker definitions too: @sdwebui/queue and cli-progress load in actions', async () => {
    const seen = new Set<string>();
    await eagerPackages(join(src, 'index.ts'), seen);
    expect(seen).toContain(join(src, 'commands', 'queue.ts'));
    expect(seen).toContain(join(src, 'commands', 'worker.ts'));
    // What the actions import when they run: reachable from the definitions only through import().
    expect(seen).not.toContain(join(src, 'queue-session', 'index.ts'));
    expect(seen).not.toContain(join(src, 'queue-results', 'index.ts'));
  });
});
