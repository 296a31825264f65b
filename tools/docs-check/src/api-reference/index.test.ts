import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));

/** Packages that are not libraries: their README documents commands, not an API. */
const NOT_IN_REFERENCE: Record<string, string> = { cli: 'the `sdwebui` command' };

describe('pnpm docs:api', () => {
  it('documents every library package under packages/', async () => {
    const config = (await import(join(repoRoot, 'typedoc.config.mjs'))) as { default: { entryPoints: string[] } };
    const folders = (await readdir(join(repoRoot, 'packages'), { withFileTypes: true }))
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name);
    const libraries = folders.filter((name) => NOT_IN_REFERENCE[name] === undefined);
    expect([...config.default.entryPoints].sort()).toEqual(libraries.map((name) => `packages/${name}`).sort());
  });

  it('is a root script and writes to a git-ignored folder', async () => {
    const scripts = JSON.parse(await readFile(join(repoRoot, 'package.json'), 'utf8')).scripts as Record<
      string,
      string
    >;
    expect(scripts['docs:api']).toMatch(/typedoc$/);
    expect((await readFile(join(repoRoot, '.gitignore'), 'utf8')).split('\n')).toContain('docs/api/');
  });
});
