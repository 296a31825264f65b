import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isAtomicWriteTemp } from '@sdwebui/internal/atomic-write';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { until } from '../../testing/test-mock.js';
import { removeStaleTemps } from './store.js';

/**
 * A recorder's writes, in a process of its own, made the way `writeCassette` makes them: a cassette
 * and its asset staged together by `writeFilesAtomically` (the asset placed first), a small pair, then
 * a large pair rewritten for ever. It says when the first pair is written.
 */
const WRITER = `
import { writeFilesAtomically } from '@sdwebui/internal/atomic-write';
import { join } from 'node:path';
const dir = process.argv[1];
const pair = (name, content) => [
  { path: join(dir, 'assets', name + '.png'), content },
  { path: join(dir, name + '.json'), content },
];
await writeFilesAtomically([...pair('keep', '{"kept": true}')]);
process.stdout.write('ready\\n');
const large = JSON.stringify({ images: ['x'.repeat(32 * 1024 * 1024)] });
for (;;) await writeFilesAtomically(pair('large', large));
`;

let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sdwebui-sigkill-'));
  await mkdir(join(dir, 'assets'));
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const temps = async () =>
  [...(await readdir(dir)), ...(await readdir(join(dir, 'assets')))].filter((name) => isAtomicWriteTemp(name));

describe('a recorder killed with SIGKILL mid-write', () => {
  it('leaves only whole files and temporaries, and the next start removes the temporaries', async () => {
    // Run from the package folder, so the child resolves the workspace's @sdwebui/internal as this code does.
    const cwd = fileURLToPath(new URL('../../..', import.meta.url));
    const child = spawn(process.execPath, ['--input-type=module', '-e', WRITER, dir], {
      cwd,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const exited = once(child, 'exit');
    try {
      const early = exited.then(([code]) => Promise.reject(new Error(`the writer exited early (code ${code})`)));
      early.catch(() => undefined); // it rejects at the kill below too, once nobody waits on it
      await Promise.race([once(child.stdout, 'data'), early]);
      // Killed while a temporary exists: between its creation and its rename, which cannot be cleaned up.
      await until(async () => (await temps()).length > 0, 20_000);
      child.kill('SIGKILL');
      const [code, signal] = await exited;
      expect({ code, signal }).toEqual({ code: null, signal: 'SIGKILL' });
    } finally {
      child.kill('SIGKILL');
    }
    const left = await temps();
    expect(left.length).toBeGreaterThan(0);
    // Every file under its final name is whole: the atomic rename never exposes a partial write.
    expect(await readFile(join(dir, 'keep.json'), 'utf8')).toBe('{"kept": true}');
    // A cassette is never in place without its asset.
    const placed = (await readdir(dir)).includes('large.json');
    if (placed) expect(await readdir(join(dir, 'assets'))).toContain('large.png');
    for (const name of ['large.json', join('assets', 'large.png')]) {
      const text = await readFile(join(dir, name), 'utf8').catch(() => undefined);
      if (text !== undefined) expect(JSON.parse(text).images[0]).toHaveLength(32 * 1024 * 1024);
    }

    expect(await removeStaleTemps(dir)).toBe(left.length);
    expect(await temps()).toEqual([]);
    expect(await readFile(join(dir, 'assets', 'keep.png'), 'utf8')).toBe('{"kept": true}');
  }, 30_000);
});
