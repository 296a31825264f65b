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

/** Packs a minimal ESM package whose `exports` points at `target` (which may not exist). */
async function packFixture(name: string, target: string): Promise<string> {
  const dir = join(work, name);
  await mkdir(join(dir, 'dist'), { recursive: true });
  await writeFile(join(dir, 'dist', 'index.js'), 'export const answer = 42;\n');
  await writeFile(join(dir, 'dist', 'index.d.ts'), 'export declare const answer: number;\n');
  const manifest = { name, version: '1.0.0', type: 'module', license: 'MIT', files: ['dist'], exports: { '.': { types: target.replace(/\.js$/, '.d.ts'), default: target } } };
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
});
