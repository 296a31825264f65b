#!/usr/bin/env node
// pnpm release:check — run after `pnpm build`: pack every public package, lint each tarball,
// then install them all into a project outside the workspace and use them.
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkConsumer, type PackedPackage } from './consumer.js';
import { lintTarball } from './lint.js';
import { checkNewUser } from './new-user/index.js';
import { run } from './run.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const pnpm = process.env.npm_execpath;

async function publicPackages(): Promise<Array<{ name: string; dir: string }>> {
  const dirs = await readdir(join(root, 'packages'));
  const found = [];
  for (const name of dirs.sort()) {
    const manifest = JSON.parse(await readFile(join(root, 'packages', name, 'package.json'), 'utf8')) as {
      name: string;
      private?: boolean;
    };
    if (!manifest.private) found.push({ name: manifest.name, dir: join(root, 'packages', name) });
  }
  return found;
}

async function pack(dir: string, destination: string): Promise<string> {
  // pnpm pack rewrites workspace:* to real versions and applies publishConfig.
  const result = pnpm
    ? await run(process.execPath, [pnpm, 'pack', '--pack-destination', destination], { cwd: dir })
    : await run('npx', ['-y', 'pnpm@10.34.8', 'pack', '--pack-destination', destination], { cwd: dir });
  const tarball = result.output
    .trim()
    .split('\n')
    .reverse()
    .find((line) => line.endsWith('.tgz'));
  if (result.code !== 0 || tarball === undefined) throw new Error(`pnpm pack failed in ${dir}:\n${result.output}`);
  return tarball.startsWith('/') ? tarball : join(destination, tarball);
}

const out = await mkdtemp(join(tmpdir(), 'sdwebui-pack-'));
let failed = false;
try {
  const packed: PackedPackage[] = [];
  for (const { name, dir } of await publicPackages()) {
    const tarball = await pack(dir, out);
    const lint = await lintTarball(tarball);
    console.log(`${lint.ok ? 'ok  ' : 'FAIL'} ${name} (${tarball.split('/').pop()})`);
    for (const problem of lint.problems) console.log(problem.replace(/^/gm, '     '));
    failed ||= !lint.ok;
    packed.push({ name, tarball });
  }
  const consumer = await checkConsumer(packed);
  console.log(
    `${consumer.ok ? 'ok  ' : 'FAIL'} install the ${packed.length} tarballs outside the workspace; ESM import, require(), bin, tsc (bundler, node16)`,
  );
  for (const problem of consumer.problems) console.log(problem.replace(/^/gm, '     '));
  failed ||= !consumer.ok;
  const newUser = await checkNewUser(consumer.dir);
  console.log(
    `${newUser.ok ? 'ok  ' : 'FAIL'} as a new user: X/Y/Z plot by label makes its grid; misspelt names exit 2 with suggestions`,
  );
  for (const problem of newUser.problems) console.log(problem.replace(/^/gm, '     '));
  failed ||= !newUser.ok;
  await rm(consumer.dir, { recursive: true, force: true });
} finally {
  await rm(out, { recursive: true, force: true });
}
process.exitCode = failed ? 1 : 0;
