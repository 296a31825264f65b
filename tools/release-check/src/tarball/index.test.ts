import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { create } from 'tar';
import { afterAll, expect, it } from 'vitest';
import { readTarball } from './index.js';

const work = await mkdtemp(join(tmpdir(), 'sdwebui-tarball-'));
afterAll(() => rm(work, { recursive: true, force: true }));

it('reads every file without the package/ prefix', async () => {
  await mkdir(join(work, 'package', 'dist'), { recursive: true });
  await writeFile(join(work, 'package', 'package.json'), '{"name":"x"}');
  await writeFile(join(work, 'package', 'dist', 'index.js'), 'export {};\n');
  await create({ gzip: true, file: join(work, 'x.tgz'), cwd: work }, ['package']);
  const files = await readTarball(join(work, 'x.tgz'));
  expect([...files.keys()].sort()).toEqual(['dist/index.js', 'package.json']);
  expect(files.get('dist/index.js')?.toString()).toBe('export {};\n');
});
