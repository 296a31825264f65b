import { mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FileExistsError, firstExisting, writeFileAtomic, writeFilesAtomically } from './index.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sdwebui-atomic-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

describe('writeFilesAtomically', () => {
  it('replaces every file, creating missing folders, and leaves no temporary file', async () => {
    await writeFile(join(dir, 'a.json'), 'old a');
    await writeFilesAtomically([
      { path: join(dir, 'a.json'), content: 'new a' },
      { path: join(dir, 'nested', 'b.json'), content: new TextEncoder().encode('new b') },
    ]);
    expect(await readFile(join(dir, 'a.json'), 'utf8')).toBe('new a');
    expect(await readFile(join(dir, 'nested', 'b.json'), 'utf8')).toBe('new b');
    expect((await readdir(dir)).sort()).toEqual(['a.json', 'nested']);
    expect(await readdir(join(dir, 'nested'))).toEqual(['b.json']);
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

  it('with overwrite off, refuses before writing anything when a target exists', async () => {
    await writeFile(join(dir, 'b.png'), 'old b');
    const error = await writeFilesAtomically(
      [
        { path: join(dir, 'a.png'), content: 'new a' },
        { path: join(dir, 'b.png'), content: 'new b' },
      ],
      { overwrite: false },
    ).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(FileExistsError);
    expect(error).toMatchObject({ code: 'EEXIST', path: join(dir, 'b.png') });
    expect(await readdir(dir)).toEqual(['b.png']);
    expect(await readFile(join(dir, 'b.png'), 'utf8')).toBe('old b');
  });

  it('with overwrite off, never replaces a file that appears after the check', async () => {
    // The second write's target does not exist when checked, but the first write creates it.
    const path = join(dir, 'a.png');
    const error = await writeFilesAtomically(
      [
        { path, content: 'first' },
        { path, content: 'second' },
      ],
      { overwrite: false },
    ).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(FileExistsError);
    expect(await readFile(path, 'utf8')).toBe('first');
    expect(await readdir(dir)).toEqual(['a.png']);
  });

  it('with overwrite off, writes files that do not exist yet', async () => {
    await writeFilesAtomically([{ path: join(dir, 'new', 'a.png'), content: 'a' }], { overwrite: false });
    expect(await readFile(join(dir, 'new', 'a.png'), 'utf8')).toBe('a');
    expect(await readdir(join(dir, 'new'))).toEqual(['a.png']);
  });
});

describe('writeFileAtomic', () => {
  it('writes and replaces one file', async () => {
    const path = join(dir, 'one.txt');
    await writeFileAtomic(path, 'v1');
    await writeFileAtomic(path, new Uint8Array([0x76, 0x32]));
    expect(await readFile(path, 'utf8')).toBe('v2');
    expect(await readdir(dir)).toEqual(['one.txt']);
  });

  it('refuses an existing file with overwrite off', async () => {
    const path = join(dir, 'one.txt');
    await writeFile(path, 'kept');
    await expect(writeFileAtomic(path, 'lost', { overwrite: false })).rejects.toBeInstanceOf(FileExistsError);
    expect(await readFile(path, 'utf8')).toBe('kept');
  });

  it('cleans up its temporary file when the rename fails', async () => {
    // A non-empty folder at the target: the file is staged, then the rename over it fails.
    await mkdir(join(dir, 'taken'));
    await writeFile(join(dir, 'taken', 'inside'), '');
    await expect(writeFileAtomic(join(dir, 'taken'), 'x')).rejects.toThrow();
    expect(await readdir(dir)).toEqual(['taken']);
  });
});

describe('firstExisting', () => {
  it('names the first path taken by a file, a folder or a dangling link, in the order given', async () => {
    await writeFile(join(dir, 'b.png'), 'b');
    await mkdir(join(dir, 'c'));
    await symlink(join(dir, 'nowhere'), join(dir, 'd.png'));
    const names = ['a.png', 'b.png', 'c', 'd.png'].map((name) => join(dir, name));
    expect(await firstExisting(names)).toBe(names[1]);
    expect(await firstExisting([names[0] as string, names[3] as string])).toBe(names[3]);
    expect(await firstExisting([names[0] as string, names[2] as string])).toBe(names[2]);
    expect(await firstExisting([names[0] as string])).toBeUndefined();
  });
});
