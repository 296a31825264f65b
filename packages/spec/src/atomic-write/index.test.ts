import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { writeFilesAtomically } from './index.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sdwebui-atomic-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

it('replaces every file', async () => {
  await writeFile(join(dir, 'a.json'), 'old a');
  await writeFilesAtomically([
    { path: join(dir, 'a.json'), content: 'new a' },
    { path: join(dir, 'nested', 'b.json'), content: new TextEncoder().encode('new b') },
  ]);
  expect(await readFile(join(dir, 'a.json'), 'utf8')).toBe('new a');
  expect(await readFile(join(dir, 'nested', 'b.json'), 'utf8')).toBe('new b');
  expect((await readdir(dir)).sort()).toEqual(['a.json', 'nested']);
});

it('touches nothing and leaves no temporary file when one file cannot be written', async () => {
  await writeFile(join(dir, 'a.json'), 'old a');
  await mkdir(join(dir, 'blocked'));
  await writeFile(join(dir, 'blocked', 'x'), '');
  // `blocked/x/c.json` cannot be created: `blocked/x` is a file.
  await expect(
    writeFilesAtomically([
      { path: join(dir, 'a.json'), content: 'new a' },
      { path: join(dir, 'blocked', 'x', 'c.json'), content: 'c' },
    ]),
  ).rejects.toThrow();
  expect(await readFile(join(dir, 'a.json'), 'utf8')).toBe('old a');
  expect((await readdir(dir)).sort()).toEqual(['a.json', 'blocked']);
});
