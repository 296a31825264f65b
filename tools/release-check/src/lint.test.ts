import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lintTarball } from './lint.js';
import { run } from './run.js';

let work: string;
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'sdwebui-lint-'));
});
afterAll(() => rm(work, { recursive: true, force: true }));

interface FixtureOptions {
  /** The condition naming the JavaScript file (`default` unless told). */
  condition?: 'default' | 'import';
  /** A source map shipped next to index.js, naming `../src/index.ts`, which is not shipped. */
  brokenMap?: boolean;
  dependencies?: Record<string, string>;
}

/** Packs (with npm, which rewrites nothing) a minimal ESM package whose `exports` points at `target`. */
async function packFixture(name: string, target: string, options: FixtureOptions = {}): Promise<string> {
  const dir = join(work, name);
  await mkdir(join(dir, 'dist'), { recursive: true });
  await writeFile(join(dir, 'dist', 'index.js'), 'export const answer = 42;\n');
  await writeFile(join(dir, 'dist', 'index.d.ts'), 'export declare const answer: number;\n');
  if (options.brokenMap) {
    await writeFile(
      join(dir, 'dist', 'index.js.map'),
      JSON.stringify({ version: 3, sources: ['../src/index.ts'], mappings: '' }),
    );
  }
  const conditions = { types: target.replace(/\.js$/, '.d.ts'), [options.condition ?? 'default']: target };
  const manifest = {
    name,
    version: '1.0.0',
    type: 'module',
    license: 'MIT',
    files: ['dist'],
    exports: { '.': conditions },
    ...(options.dependencies ? { dependencies: options.dependencies } : {}),
  };
  await writeFile(join(dir, 'package.json'), JSON.stringify(manifest, null, 2));
  const packed = await run('npm', ['pack', '--pack-destination', work, '--loglevel=error'], { cwd: dir });
  expect(packed.code, packed.output).toBe(0);
  return join(work, `${name}-1.0.0.tgz`);
}

describe('lintTarball', () => {
  it('passes a well-formed ESM package', async () => {
    expect(await lintTarball(await packFixture('good-package', './dist/index.js'))).toEqual({ ok: true, problems: [] });
  }, 60_000);

  it('fails when exports point at a file the tarball lacks', async () => {
    const result = await lintTarball(await packFixture('broken-package', './dist/missing.js'));
    expect(result.ok).toBe(false);
    expect(result.problems.join('\n')).toContain('./dist/missing.js');
  }, 60_000);

  it('fails an exports map that require() cannot load (only `import`), which attw alone passes', async () => {
    const result = await lintTarball(await packFixture('import-only', './dist/index.js', { condition: 'import' }));
    expect(result.problems).toEqual(['import-only ".": nothing for require (conditions node, require, default)']);
  }, 60_000);

  it('fails a source map whose sources are not in the tarball', async () => {
    const result = await lintTarball(await packFixture('broken-map', './dist/index.js', { brokenMap: true }));
    expect(result.problems).toEqual(['dist/index.js.map: source ../src/index.ts is not in the package']);
  }, 60_000);

  it('fails a leftover workspace: range', async () => {
    const result = await lintTarball(
      await packFixture('leftover', './dist/index.js', { dependencies: { '@sdwebui/client': 'workspace:*' } }),
    );
    expect(result.problems.join('\n')).toContain(
      'leftover dependencies: @sdwebui/client@workspace:* is not a semver range',
    );
  }, 60_000);
});
