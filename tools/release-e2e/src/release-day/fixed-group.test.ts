import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { run } from '@sdwebui/release-check/run';
import { inc } from 'semver';
import { describe, expect, it } from 'vitest';
import { PACKAGES } from './index.js';

const root = fileURLToPath(new URL('../../../../', import.meta.url));

describe('the packages release day checks', () => {
  it('are the fixed group of .changeset/config.json, so a new package is verified too', async () => {
    const config = JSON.parse(await readFile(join(root, '.changeset/config.json'), 'utf8')) as {
      fixed: string[][];
    };
    expect([...PACKAGES].sort()).toEqual([...(config.fixed[0] ?? [])].sort());
  });
});

/** The workspace's manifests and changesets config alone, in a temp folder: what `changeset version` reads. */
async function manifestsOnly(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'sdwebui-version-plan-'));
  for (const file of ['package.json', 'pnpm-workspace.yaml', '.changeset/config.json']) {
    await mkdir(join(dir, file, '..'), { recursive: true });
    await cp(join(root, file), join(dir, file));
  }
  for (const group of ['packages', 'apps', 'tools']) {
    for (const name of await readdir(join(root, group))) {
      const manifest = await readFile(join(root, group, name, 'package.json'), 'utf8').catch(() => undefined);
      if (manifest === undefined) continue;
      await mkdir(join(dir, group, name), { recursive: true });
      await writeFile(join(dir, group, name, 'package.json'), manifest);
    }
  }
  await mkdir(join(dir, 'bench'));
  await cp(join(root, 'bench/package.json'), join(dir, 'bench/package.json'));
  return dir;
}

describe('changeset version on the real manifests', () => {
  // The CLI lists the spec tooling, the queue and the mock as optional peers. By default changesets
  // gives a package a major bump whenever a peer of it gets a minor one, and the fixed group would
  // carry that major to all eight; `onlyUpdatePeerDependentsWhenOutOfRange` and the peer range `0.x`
  // keep a minor a minor.
  it.each(['@sdwebui/spec', '@sdwebui/queue', '@sdwebui/mock'])(
    'moves the whole group to the next minor for a minor changeset of %s (an optional peer of the CLI)',
    async (name) => {
      const dir = await manifestsOnly();
      try {
        await writeFile(join(dir, '.changeset/peer-minor.md'), `---\n"${name}": minor\n---\n\nA feature.\n`);
        const before = (
          JSON.parse(await readFile(join(dir, 'packages/cli/package.json'), 'utf8')) as { version: string }
        ).version;
        const changeset = await run(process.execPath, [join(root, 'node_modules/@changesets/cli/bin.js'), 'version'], {
          cwd: dir,
        });
        expect(changeset.code, changeset.output).toBe(0);
        for (const pkg of PACKAGES) {
          const manifest = JSON.parse(
            await readFile(join(dir, 'packages', pkg.split('/')[1] ?? '', 'package.json'), 'utf8'),
          ) as {
            version: string;
          };
          expect(`${pkg}@${manifest.version}`).toBe(`${pkg}@${inc(before, 'minor')}`);
        }
        const cli = JSON.parse(await readFile(join(dir, 'packages/cli/package.json'), 'utf8')) as {
          peerDependencies: Record<string, string>;
        };
        expect(cli.peerDependencies[name]).toBe('workspace:0.x');
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    },
    60_000,
  );
});
