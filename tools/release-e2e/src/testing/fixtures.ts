import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from '@sdwebui/release-check/run';
import type { LocalRegistry } from '../registry/index.js';

export interface FixturePackage {
  name: string;
  version: string;
  /** `exports` of the manifest; default `{".": {types, default}}` pointing at the shipped files. */
  exports?: unknown;
  dependencies?: Record<string, string>;
  /** CHANGELOG.md content; default a `## <version>` entry. */
  changelog?: string;
}

/**
 * Publishes a tiny ESM package to `registry` with `npm publish`, which (unlike `pnpm publish`)
 * leaves `workspace:` ranges as they are: how a broken release reaches a registry.
 */
export async function publishFixture(registry: LocalRegistry, fixture: FixturePackage, tag = 'latest'): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'sdwebui-fixture-'));
  try {
    await mkdir(join(dir, 'dist'));
    await writeFile(join(dir, 'dist', 'index.js'), 'export const answer = 42;\n');
    await writeFile(join(dir, 'dist', 'index.d.ts'), 'export declare const answer: number;\n');
    await writeFile(
      join(dir, 'CHANGELOG.md'),
      fixture.changelog ?? `# ${fixture.name}\n\n## ${fixture.version}\n\n- made for a test\n`,
    );
    const manifest = {
      name: fixture.name,
      version: fixture.version,
      type: 'module',
      license: 'MIT',
      files: ['dist', 'CHANGELOG.md'],
      exports: fixture.exports ?? { '.': { types: './dist/index.d.ts', default: './dist/index.js' } },
      ...(fixture.dependencies ? { dependencies: fixture.dependencies } : {}),
    };
    await writeFile(join(dir, 'package.json'), JSON.stringify(manifest, null, 2));
    const host = registry.url.replace(/^https?:/, '');
    await writeFile(join(dir, 'npmrc'), `registry=${registry.url}\n${host}:_authToken=${registry.token}\n`);
    const published = await run('npm', ['publish', '--registry', registry.url, '--tag', tag, '--loglevel=error'], {
      cwd: dir,
      env: { npm_config_userconfig: join(dir, 'npmrc') },
      timeoutMs: 60_000,
    });
    if (published.code !== 0)
      throw new Error(`npm publish of ${fixture.name}@${fixture.version} failed:\n${published.output}`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
