import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, symlink, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MAX_ASSET_BYTES, loadCassettes } from './store.js';

/** A cassette whose one interaction answers with the asset `name`. */
const withAsset = (name: string) =>
  JSON.stringify({
    source: 'hand-written for this test',
    interactions: [
      {
        request: { method: 'GET', path: '/x' },
        response: { status: 200, headers: {}, body: { images: [`$asset:${name}`] } },
      },
    ],
  });

describe('a cassette folder is untrusted: loading reads only regular files inside it', () => {
  let root: string;
  let dir: string;
  let outside: string;
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'sdwebui-confined-'));
    dir = join(root, 'cassettes');
    outside = join(root, 'outside');
    await mkdir(join(dir, 'assets'), { recursive: true });
    await mkdir(outside);
    await writeFile(join(outside, 'shadow'), 'root:SECRET-HASH:19000:0:99999:7:::\n');
  });
  afterEach(() => rm(root, { recursive: true, force: true }));

  it('refuses an assets folder that is a symlink to elsewhere, naming the file, leaking nothing', async () => {
    await rm(join(dir, 'assets'), { recursive: true });
    await symlink(outside, join(dir, 'assets'));
    await writeFile(join(dir, 'evil.json'), withAsset('shadow'));
    const error = await loadCassettes(dir).then(
      () => undefined,
      (caught: Error) => caught,
    );
    expect(error?.message).toBe(`${join(dir, 'assets', 'shadow')}: resolves outside the cassette folder`);
    expect(error?.message).not.toContain('SECRET');
  });

  it('refuses an asset or a cassette that is a symlink out of the folder', async () => {
    await symlink(join(outside, 'shadow'), join(dir, 'assets', 'a.png'));
    await writeFile(join(dir, 'evil.json'), withAsset('a.png'));
    await expect(loadCassettes(dir)).rejects.toThrow(
      `${join(dir, 'assets', 'a.png')}: resolves outside the cassette folder`,
    );
    await rm(join(dir, 'evil.json'));
    await symlink('/dev/zero', join(dir, 'zero.json'));
    await expect(loadCassettes(dir)).rejects.toThrow(`${join(dir, 'zero.json')}: resolves outside the cassette folder`);
  });

  it('follows a symlink that stays inside the folder', async () => {
    await writeFile(join(dir, 'assets', 'real.bin'), Buffer.from('hello'));
    await symlink('real.bin', join(dir, 'assets', 'alias.bin'));
    await writeFile(join(dir, 'ok.json'), withAsset('alias.bin'));
    const [cassette] = await loadCassettes(dir);
    expect(cassette?.interactions[0]?.response.body).toEqual({ images: [Buffer.from('hello').toString('base64')] });
  });

  it('refuses a FIFO named like a cassette instead of waiting for a writer for ever', async () => {
    execFileSync('mkfifo', [join(dir, 'x.json')]);
    await expect(loadCassettes(dir)).rejects.toThrow(`${join(dir, 'x.json')}: not a regular file`);
  });

  it('refuses a folder named like an asset', async () => {
    await mkdir(join(dir, 'assets', 'd.png'));
    await writeFile(join(dir, 'dir.json'), withAsset('d.png'));
    await expect(loadCassettes(dir)).rejects.toThrow(`${join(dir, 'assets', 'd.png')}: not a regular file`);
  });

  it('refuses an asset over the size cap without reading it', async () => {
    // Sparse: the size is there, the disk blocks are not.
    await writeFile(join(dir, 'assets', 'huge.png'), '');
    await truncate(join(dir, 'assets', 'huge.png'), MAX_ASSET_BYTES + 1);
    await writeFile(join(dir, 'big.json'), withAsset('huge.png'));
    await expect(loadCassettes(dir)).rejects.toThrow(
      `${join(dir, 'assets', 'huge.png')}: ${MAX_ASSET_BYTES + 1} bytes, over the ${MAX_ASSET_BYTES}-byte limit`,
    );
  });

  it('names a missing asset', async () => {
    await writeFile(join(dir, 'gone.json'), withAsset('gone.png'));
    await expect(loadCassettes(dir)).rejects.toThrow(`${join(dir, 'assets', 'gone.png')}: cannot read (ENOENT)`);
  });
});
