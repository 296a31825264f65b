import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OutputFileError, outputPaths, trustedSeed, writeOutputFiles } from './index.js';

let work: string;
beforeEach(async () => {
  work = await mkdtemp(join(tmpdir(), 'sdwebui-out-'));
});
afterEach(async () => {
  await rm(work, { recursive: true, force: true });
});

describe('outputPaths', () => {
  it('names folder outputs from the index and a validated seed only', () => {
    const dir = join(work, 'out');
    expect(outputPaths({ dir }, [undefined, 7, 4294967295])).toEqual([
      join(dir, '00000-grid.png'),
      join(dir, '00001-7.png'),
      join(dir, '00002-4294967295.png'),
    ]);
  });

  it.each([
    ['/../../../../somewhere/else'],
    ['../x'],
    [-5],
    [1.5],
    [2 ** 53],
    [Number.NaN],
    [{ toString: () => '../x' }],
  ])('drops an untrusted seed %j from the name', (seed) => {
    const dir = join(work, 'out');
    expect(outputPaths({ dir }, [seed])).toEqual([join(dir, '00000.png')]);
    expect(trustedSeed(seed)).toBeUndefined();
  });

  it('numbers several images written with -o', () => {
    expect(outputPaths({ file: join(work, 'cat.png') }, [1, 2])).toEqual([
      join(work, 'cat-1.png'),
      join(work, 'cat-2.png'),
    ]);
    expect(outputPaths({ file: join(work, 'cat.png') }, [1])).toEqual([join(work, 'cat.png')]);
  });
});

describe('writeOutputFiles', () => {
  it('refuses to replace a file unless asked, and then writes nothing at all', async () => {
    await writeFile(join(work, 'b.png'), 'keep');
    const files = [
      { path: join(work, 'a.png'), bytes: new Uint8Array([1]) },
      { path: join(work, 'b.png'), bytes: new Uint8Array([2]) },
    ];
    await expect(writeOutputFiles(files, false)).rejects.toThrow(OutputFileError);
    expect((await readdir(work)).sort()).toEqual(['b.png']);
    expect(await readFile(join(work, 'b.png'), 'utf8')).toBe('keep');
    await writeOutputFiles(files, true);
    expect([...(await readFile(join(work, 'b.png')))]).toEqual([2]);
    expect((await readdir(work)).sort()).toEqual(['a.png', 'b.png']);
  });
});
