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

const metadata = { repositoryUrl: 'git+https://example.com/repo.git', licenseText: 'MIT License\n\nfixture\n' };

interface FixtureOptions {
  /** The old shape: ES modules only, one `types` + `default` per subpath, no top-level `main`/`types`. */
  esmOnly?: boolean;
  /** `exports` names this JavaScript file (under `default`, or `import` for `importOnly`). */
  target?: string;
  /** Only an `import` condition: nothing for require(). */
  importOnly?: boolean;
  /** A source map shipped next to index.js, naming `../src/index.ts`, which is not shipped. */
  brokenMap?: boolean;
  /** Leave out repository, homepage, bugs and the LICENSE file. */
  noMetadata?: boolean;
  dependencies?: Record<string, string>;
}

/** Packs (with npm, which rewrites nothing) a minimal package shaped as our packages are. */
async function packFixture(name: string, options: FixtureOptions = {}): Promise<string> {
  const dir = join(work, name);
  await mkdir(join(dir, 'dist'), { recursive: true });
  await writeFile(join(dir, 'dist', 'index.js'), 'export const answer = 42;\n');
  await writeFile(join(dir, 'dist', 'index.d.ts'), 'export declare const answer: number;\n');
  await writeFile(join(dir, 'dist', 'index.cjs'), "'use strict';\nmodule.exports = require('./index.js');\n");
  await writeFile(join(dir, 'dist', 'index.d.cts'), 'export declare const answer: number;\n');
  if (options.brokenMap) {
    await writeFile(
      join(dir, 'dist', 'index.js.map'),
      JSON.stringify({ version: 3, sources: ['../src/index.ts'], mappings: '' }),
    );
  }
  const target = options.target ?? './dist/index.js';
  const dual = {
    main: './dist/index.cjs',
    types: './dist/index.d.cts',
    exports: {
      '.': {
        import: { types: './dist/index.d.ts', default: target },
        require: { types: './dist/index.d.cts', default: './dist/index.cjs' },
      },
    },
  };
  const esm = { exports: { '.': { types: './dist/index.d.ts', [options.importOnly ? 'import' : 'default']: target } } };
  const about = options.noMetadata
    ? {}
    : {
        repository: { type: 'git', url: metadata.repositoryUrl, directory: `packages/${name}` },
        homepage: 'https://example.com/repo#readme',
        bugs: 'https://example.com/repo/issues',
      };
  if (!options.noMetadata) await writeFile(join(dir, 'LICENSE'), metadata.licenseText);
  const manifest = {
    name,
    version: '1.0.0',
    type: 'module',
    license: 'MIT',
    ...about,
    engines: { node: '>=20.19' },
    files: ['dist'],
    ...(options.esmOnly || options.importOnly ? esm : dual),
    ...(options.dependencies ? { dependencies: options.dependencies } : {}),
  };
  await writeFile(join(dir, 'package.json'), JSON.stringify(manifest, null, 2));
  const packed = await run('npm', ['pack', '--pack-destination', work, '--loglevel=error'], { cwd: dir });
  expect(packed.code, packed.output).toBe(0);
  return join(work, `${name}-1.0.0.tgz`);
}

describe('lintTarball', () => {
  it('passes a package with ES modules, CommonJS entries and .d.cts types', async () => {
    const result = await lintTarball(await packFixture('good-package'), metadata);
    expect(result.problems).toEqual([]);
    expect(result.ok).toBe(true);
    expect(Object.values(result.types.byResolution)).toEqual([[], [], [], []]);
  }, 60_000);

  it('fails an ES-module-only package: no types under node10, none for require() under node16', async () => {
    const result = await lintTarball(await packFixture('esm-only', { esmOnly: true }), metadata);
    expect(result.ok).toBe(false);
    expect(result.types.byResolution).toEqual({
      node10: ['NoResolution'],
      'node16-cjs': ['CJSResolvesToESM'],
      'node16-esm': [],
      bundler: [],
    });
  }, 60_000);

  it('fails when exports point at a file the tarball lacks', async () => {
    const result = await lintTarball(await packFixture('broken-package', { target: './dist/missing.js' }), metadata);
    expect(result.ok).toBe(false);
    expect(result.problems.join('\n')).toContain('./dist/missing.js');
  }, 60_000);

  it('fails an exports map that require() cannot load (only `import`)', async () => {
    const result = await lintTarball(await packFixture('import-only', { importOnly: true }), metadata);
    expect(result.problems).toContain('import-only ".": nothing for require (conditions node, require, default)');
  }, 60_000);

  it('fails a source map whose sources are not in the tarball', async () => {
    const result = await lintTarball(await packFixture('broken-map', { brokenMap: true }), metadata);
    expect(result.problems).toEqual(['dist/index.js.map: source ../src/index.ts is not in the package']);
  }, 60_000);

  it('fails a leftover workspace: range', async () => {
    const result = await lintTarball(
      await packFixture('leftover', { dependencies: { '@sdwebui/client': 'workspace:*' } }),
      metadata,
    );
    expect(result.problems.join('\n')).toContain(
      'leftover dependencies: @sdwebui/client@workspace:* is not a semver range',
    );
  }, 60_000);

  it('fails a package without repository, homepage, bugs or LICENSE file', async () => {
    const result = await lintTarball(await packFixture('anonymous', { noMetadata: true }), metadata);
    expect(result.problems).toEqual([
      'anonymous: repository.url is undefined, expected git+https://example.com/repo.git',
      'anonymous: repository.directory must name the package\'s folder, e.g. "packages/client"',
      'anonymous: no homepage URL',
      'anonymous: no bugs URL',
      'anonymous: no LICENSE file in the tarball',
    ]);
  }, 60_000);
});
