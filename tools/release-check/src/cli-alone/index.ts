import { mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PackedPackage } from '../consumer.js';
import type { LintResult } from '../lint.js';
import { run } from '../run.js';

/** What `sdwebui txt2img` users must not install: the spec tooling, the queue, the mock, and what they pull in. */
const NOT_INSTALLED = [
  '@sdwebui/spec',
  '@sdwebui/queue',
  '@sdwebui/mock',
  'typescript',
  'openapi-typescript',
  '@redocly/openapi-core',
  'bullmq',
  'ioredis',
  'hono',
] as const;

/** Bytes of every file under `dir` (their sizes, not the blocks they take on disk), and the packages in it. */
async function installedSize(dir: string): Promise<{ bytes: number; packages: number }> {
  let bytes = 0;
  let packages = 0;
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) {
      bytes += (await stat(join(entry.parentPath, entry.name))).size;
      if (entry.name === 'package.json' && /node_modules\/(@[^/]+\/)?[^/@]+$/.test(entry.parentPath)) packages += 1;
    }
  }
  return { bytes, packages };
}

/**
 * A `sdwebui txt2img` user's install: `npm install @sdwebui/cli` alone (its optional peers left out)
 * in a clean project. Checks that none of {@link NOT_INSTALLED} came with it, that `sdwebui txt2img`
 * writes a PNG (against a mock served from `mockProject`, the full install), and that a command
 * needing a peer exits 2 with the `npm i` line. Reports the install's size.
 */
export async function checkCliAlone(
  packages: readonly PackedPackage[],
  mockProject: string,
): Promise<LintResult & { size?: { bytes: number; packages: number } }> {
  const dir = await mkdtemp(join(tmpdir(), 'sdwebui-cli-alone-'));
  try {
    const local = Object.fromEntries(packages.map(({ name, tarball }) => [name, `file:${tarball}`]));
    const manifest = { name: 'cli-user', private: true, dependencies: { '@sdwebui/cli': local['@sdwebui/cli'] } };
    await writeFile(join(dir, 'package.json'), JSON.stringify({ ...manifest, overrides: local }, null, 2));
    const install = await run('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: dir });
    if (install.code !== 0) return { ok: false, problems: [`npm install @sdwebui/cli failed:\n${install.output}`] };
    const problems: string[] = [];
    const modules = join(dir, 'node_modules');
    for (const name of NOT_INSTALLED) {
      if (
        await stat(join(modules, name)).then(
          () => true,
          () => false,
        )
      )
        problems.push(`${name} was installed with @sdwebui/cli`);
    }
    const size = await installedSize(modules);
    const bin = join(modules, '@sdwebui/cli/bin/sdwebui.js');
    // The mock comes from the full install, the CLI that talks to it from this one (asynchronously:
    // the mock answers from this process's event loop).
    const script = `
      import { execFile } from 'node:child_process';
      import { promisify } from 'node:util';
      import { createMockServer } from '@sdwebui/mock';
      const mock = await createMockServer({ profile: 'a1111-1.10' });
      try {
        const args = ['txt2img', 'cli alone', '--steps', '2', '--size', '16x16', '-o', 'alone.png', '--url', mock.url];
        const { stdout, stderr } = await promisify(execFile)(process.execPath, [${JSON.stringify(bin)}, ...args], {
          cwd: ${JSON.stringify(dir)},
        });
        process.stdout.write(stdout + stderr);
      } finally {
        await mock.close();
      }`;
    const txt2img = await run(process.execPath, ['--input-type=module', '-e', script], { cwd: mockProject });
    const png = await stat(join(dir, 'alone.png')).catch(() => undefined);
    if (txt2img.code !== 0 || png === undefined)
      problems.push(`sdwebui txt2img from @sdwebui/cli alone failed:\n${txt2img.output}`);
    const spec = await run(process.execPath, [bin, 'spec', 'gen'], { cwd: dir });
    if (
      spec.code !== 2 ||
      !/sdwebui spec need @sdwebui\/spec, which is not installed: npm i @sdwebui\/spec@/.test(spec.output)
    )
      problems.push(
        `sdwebui spec gen without @sdwebui/spec: exit ${spec.code}, expected 2 and the npm i line:\n${spec.output}`,
      );
    return { ok: problems.length === 0, problems, size };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
