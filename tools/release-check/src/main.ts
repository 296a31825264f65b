#!/usr/bin/env node
// pnpm release:check — run after `pnpm build`: pack every public package, lint each tarball,
// then install them all into a project outside the workspace and use them.
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkCliAlone } from './cli-alone/index.js';
import { checkConsumer, type PackedPackage } from './consumer.js';
import { lintTarball } from './lint.js';
import { checkNewUser } from './new-user/index.js';
import type { ExpectedMetadata } from './package-metadata/index.js';
import { run } from './run.js';
import { checkRuntimes } from './runtimes/index.js';
import { formatTypesResolution } from './types-resolution/index.js';

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

/** The repository every package names, and the license text every tarball carries: the root's. */
async function expectedMetadata(): Promise<ExpectedMetadata> {
  const manifest = JSON.parse(await readFile(join(root, 'package.json'), 'utf8')) as { repository: { url: string } };
  return { repositoryUrl: manifest.repository.url, licenseText: await readFile(join(root, 'LICENSE'), 'utf8') };
}

const report = (ok: boolean, line: string, problems: readonly string[]) => {
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${line}`);
  for (const problem of problems) console.log(problem.replace(/^/gm, '     '));
};
const megabytes = (bytes: number) => `${(bytes / 1_000_000).toFixed(1)} MB`;

const out = await mkdtemp(join(tmpdir(), 'sdwebui-pack-'));
let failed = false;
try {
  const metadata = await expectedMetadata();
  const packed: PackedPackage[] = [];
  for (const { name, dir } of await publicPackages()) {
    const tarball = await pack(dir, out);
    const lint = await lintTarball(tarball, metadata);
    report(lint.ok, `${name} (${tarball.split('/').pop()}) attw: ${formatTypesResolution(lint.types)}`, lint.problems);
    failed ||= !lint.ok;
    packed.push({ name, tarball });
  }
  const consumer = await checkConsumer(packed);
  report(
    consumer.ok,
    `install the ${packed.length} tarballs outside the workspace; ESM import, require() (same modules), bin; tsc: ${consumer.typescript.join(', ')}`,
    consumer.problems,
  );
  failed ||= !consumer.ok;
  try {
    const newUser = await checkNewUser(consumer.dir);
    report(
      newUser.ok,
      'as a new user: X/Y/Z plot by label makes its grid; misspelt names exit 2 with suggestions',
      newUser.problems,
    );
    failed ||= !newUser.ok;
    const alone = await checkCliAlone(packed, consumer.dir);
    const size = alone.size ? `: ${alone.size.packages} packages, ${megabytes(alone.size.bytes)}` : '';
    report(
      alone.ok,
      `@sdwebui/cli alone (no spec, queue or mock)${size}; sdwebui txt2img; spec gen asks for @sdwebui/spec`,
      alone.problems,
    );
    failed ||= !alone.ok;
    const runtimes = await checkRuntimes(consumer.dir);
    report(
      runtimes.ok,
      `on ${runtimes.names.join(', ')}: each resolves the tarballs (the mock's entry for its export condition) and generates`,
      runtimes.problems,
    );
    failed ||= !runtimes.ok;
  } finally {
    await rm(consumer.dir, { recursive: true, force: true });
  }
} finally {
  await rm(out, { recursive: true, force: true });
}
process.exitCode = failed ? 1 : 0;
