import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createMockServer } from '@sdwebui/mock';
import type { ExpectedMetadata } from '@sdwebui/release-check/checks';
import { run, type RunResult } from '@sdwebui/release-check/run';
import { inc } from 'semver';
import { installConsumer, useConsumer } from '../consumer/index.js';
import { writePnpmShim } from '../pnpm-command/index.js';
import { fetchPackument, fetchTarball, verifyRelease } from '../packuments/index.js';
import type { LocalRegistry } from '../registry/index.js';
import { git } from '../workspace-copy/index.js';

/** The fixed group, as in .changeset/config.json (a test keeps the two equal). */
export const PACKAGES = [
  '@sdwebui/cli',
  '@sdwebui/client',
  '@sdwebui/infotext',
  '@sdwebui/internal',
  '@sdwebui/mock',
  '@sdwebui/queue',
  '@sdwebui/spec',
  '@sdwebui/validate',
];

/** The optional request field the simulated webui update adds (a "feature": a minor bump). */
const NEW_FIELD = 'release_e2e_field';

class ReleaseStepError extends Error {
  override name = 'ReleaseStepError';
}

export interface ReleaseDayOptions {
  /** The throwaway copy everything is versioned and published from. */
  copy: string;
  registry: LocalRegistry;
  /** A folder for the npm user config and the `pnpm` shim (removed by the caller). */
  scratch: string;
  /** Progress lines. */
  log: (line: string) => void;
}

/**
 * A maintainer's release day against a local registry: a changeset → `changeset version` →
 * `changeset publish` → a user installs by version; then a webui update through
 * `sdwebui spec update` → its changeset → a second release; then a snapshot under `next`.
 * Throws a {@link ReleaseStepError} naming the first step that failed.
 */
export async function releaseDay(options: ReleaseDayOptions): Promise<void> {
  const { copy, registry, log } = options;
  const env = await publishEnvironment(options);
  const inCopy = async (step: string, command: string, args: readonly string[], cwd = copy): Promise<RunResult> => {
    const result = await run(command, args, { cwd, env, timeoutMs: 300_000 });
    if (result.code !== 0) throw new ReleaseStepError(`${step} failed:\n${result.output}`);
    return result;
  };
  const changeset = (args: readonly string[]) =>
    inCopy(`changeset ${args.join(' ')}`, process.execPath, [
      join(copy, 'node_modules/@changesets/cli/bin.js'),
      ...args,
    ]);
  const expectNoProblems = (step: string, problems: readonly string[]) => {
    if (problems.length > 0)
      throw new ReleaseStepError(`${step}:\n${problems.map((line) => `  - ${line}`).join('\n')}`);
    log(`ok   ${step}`);
  };

  // Release 1: the pending changesets plus one written the way `pnpm changeset` writes it.
  await writeFile(
    join(copy, '.changeset/release-e2e-first.md'),
    '---\n"@sdwebui/client": minor\n---\n\nrelease-e2e: first release.\n',
  );
  const before = await groupVersion(copy);
  await changeset(['version']);
  const v1 = await groupVersion(copy);
  await git(copy, ['add', '-A']);
  await git(copy, ['commit', '-q', '-m', `Version packages (${v1})`]);
  await changeset(['publish']);
  log(`ok   changeset version + publish: ${before} → ${v1}`);
  // The pending changesets are minors and patches: a major here would come from a peer dependency.
  expectNoProblems(`${v1} is the minor after ${before}`, v1 === inc(before, 'minor') ? [] : [`got ${v1}`]);
  const metadata = await expectedMetadata(copy);
  const tags = await git(copy, ['tag', '--list']);
  expectNoProblems(
    `git tags for ${v1}`,
    PACKAGES.filter((name) => !tags.includes(`${name}@${v1}`)).map((name) => `no tag ${name}@${v1}`),
  );
  expectNoProblems(
    `registry serves ${v1} under latest`,
    await verifyRelease(registry.url, {
      names: PACKAGES,
      version: v1,
      tag: 'latest',
      changelog: { '@sdwebui/client': 'release-e2e: first release.' },
      metadata,
    }),
  );
  const user = await installConsumer(registry.url, [
    `@sdwebui/client@${v1}`,
    `@sdwebui/mock@${v1}`,
    `@sdwebui/cli@${v1}`,
  ]);
  try {
    expectNoProblems(
      `a user installs ${v1} by version: ESM import, require(), txt2img on the installed mock, sdwebui --version`,
      await useConsumer(user, v1),
    );
  } finally {
    await user.remove();
  }

  // Release 2: the webui gained an optional txt2img field; `sdwebui spec update` classifies it.
  const changesetText = await specUpdate(options, inCopy);
  await inCopy('build @sdwebui/client with the new types', 'npm', ['run', 'build'], join(copy, 'packages/client'));
  await inCopy('build @sdwebui/mock with the new spec', 'npm', ['run', 'build'], join(copy, 'packages/mock'));
  await git(copy, ['add', '-A']);
  await git(copy, ['commit', '-q', '-m', 'spec: a1111-1.10 updated']);
  await changeset(['version']);
  const v2 = await groupVersion(copy);
  await git(copy, ['add', '-A']);
  await git(copy, ['commit', '-q', '-m', `Version packages (${v2})`]);
  await changeset(['publish']);
  log(`ok   spec update → changeset (minor) → publish: ${v1} → ${v2}`);
  expectNoProblems(`${v2} is the minor after ${v1}`, v2 === inc(v1, 'minor') ? [] : [`got ${v2}`]);
  expectNoProblems(
    `registry serves ${v2} under latest, ${v1} still listed`,
    await verifyRelease(registry.url, {
      names: PACKAGES,
      version: v2,
      tag: 'latest',
      alsoListed: [v1],
      changelog: { '@sdwebui/client': changesetText },
    }),
  );
  expectNoProblems(`the published ${v2} client types have ${NEW_FIELD}`, await clientHasField(registry.url, v2));

  // A snapshot (canary) under `next`: `latest` stays.
  await writeFile(
    join(copy, '.changeset/release-e2e-canary.md'),
    '---\n"@sdwebui/client": patch\n---\n\nrelease-e2e: canary.\n',
  );
  await changeset(['version', '--snapshot', 'canary']);
  const canary = await groupVersion(copy);
  await changeset(['publish', '--tag', 'next', '--no-git-tag']);
  log(`ok   snapshot publish under next: ${canary}`);
  expectNoProblems(`registry serves ${canary} under next, latest still ${v2}`, [
    ...(await verifyRelease(registry.url, { names: PACKAGES, version: canary, tag: 'next', alsoListed: [v1, v2] })),
    ...(await latestOf(registry.url))
      .filter(([, latest]) => latest !== v2)
      .map(([name, latest]) => `${name}: latest moved to ${latest}`),
  ]);
  const canaryUser = await installConsumer(registry.url, [
    '@sdwebui/client@next',
    '@sdwebui/mock@next',
    '@sdwebui/cli@next',
  ]);
  try {
    expectNoProblems(`a user installs @next (${canary})`, await useConsumer(canaryUser, canary));
  } finally {
    await canaryUser.remove();
  }
}

/**
 * Environment for changesets, pnpm and npm in the copy: `@sdwebui/*` goes to the local registry
 * with its token (a user config of our own, so no real credentials are read), and `pnpm` on PATH
 * runs the pnpm that runs us.
 */
async function publishEnvironment({ registry, scratch }: ReleaseDayOptions): Promise<NodeJS.ProcessEnv> {
  const host = registry.url.replace(/^https?:/, '');
  const userconfig = join(scratch, 'npmrc');
  await writeFile(userconfig, `@sdwebui:registry=${registry.url}\n${host}:_authToken=${registry.token}\n`, {
    mode: 0o600,
  });
  const bin = join(scratch, 'bin');
  await writePnpmShim(bin);
  return {
    PATH: `${bin}:${process.env.PATH ?? ''}`,
    npm_config_userconfig: userconfig,
    'npm_config_@sdwebui:registry': registry.url,
    npm_config_audit: 'false',
    npm_config_fund: 'false',
  };
}

/** The repository URL every package names (the root manifest's) and the LICENSE text every tarball carries. */
async function expectedMetadata(copy: string): Promise<ExpectedMetadata> {
  const root = JSON.parse(await readFile(join(copy, 'package.json'), 'utf8')) as { repository: { url: string } };
  return { repositoryUrl: root.repository.url, licenseText: await readFile(join(copy, 'LICENSE'), 'utf8') };
}

/** The version of the fixed group in the copy, failing when its packages disagree. */
async function groupVersion(copy: string): Promise<string> {
  const versions = new Set<string>();
  for (const name of PACKAGES) {
    const manifest = JSON.parse(
      await readFile(join(copy, 'packages', name.split('/')[1] ?? '', 'package.json'), 'utf8'),
    ) as { version: string };
    versions.add(manifest.version);
  }
  if (versions.size !== 1)
    throw new ReleaseStepError(`the fixed group did not move together: ${[...versions].join(', ')}`);
  return [...versions][0] as string;
}

/** Serves the committed raw a1111-1.10 spec plus {@link NEW_FIELD} and runs `sdwebui spec update` on it. */
async function specUpdate(
  { copy }: ReleaseDayOptions,
  inCopy: (step: string, command: string, args: readonly string[]) => Promise<RunResult>,
): Promise<string> {
  const raw = JSON.parse(await readFile(join(copy, 'spec/a1111-1.10/openapi.raw.json'), 'utf8')) as {
    components: { schemas: Record<string, { properties: Record<string, unknown> }> };
  };
  const txt2img = raw.components.schemas.StableDiffusionProcessingTxt2Img;
  if (txt2img === undefined)
    throw new ReleaseStepError('the a1111-1.10 raw spec has no StableDiffusionProcessingTxt2Img');
  txt2img.properties[NEW_FIELD] = { title: 'Release E2E Field', type: 'integer', default: 1 };
  const mock = await createMockServer({ profile: 'a1111-1.10', spec: new TextEncoder().encode(JSON.stringify(raw)) });
  let output: string;
  try {
    const cli = join(copy, 'packages/cli/bin/sdwebui.js');
    output = (
      await inCopy('sdwebui spec update', process.execPath, [
        cli,
        'spec',
        'update',
        '--url',
        mock.url,
        '--target',
        'a1111-1.10',
      ])
    ).output;
  } finally {
    await mock.close();
  }
  const written = /wrote (\S+\.md) \((\w+) bump/.exec(output);
  if (written?.[1] === undefined || written[2] !== 'minor') {
    throw new ReleaseStepError(`sdwebui spec update did not write a minor changeset:\n${output}`);
  }
  const text = await readFile(join(copy, written[1]), 'utf8');
  const firstLine = text.split('\n---\n')[1]?.trim().split('\n')[0];
  if (firstLine === undefined) throw new ReleaseStepError(`unexpected changeset:\n${text}`);
  return firstLine;
}

async function clientHasField(registry: string, version: string): Promise<string[]> {
  const manifest = (await fetchPackument(registry, '@sdwebui/client'))?.versions[version];
  if (manifest === undefined) return [`@sdwebui/client@${version} is not published`];
  const types = (await fetchTarball(manifest.dist.tarball)).get('dist/generated/a1111-1.10.d.ts')?.toString('utf8');
  return types?.includes(NEW_FIELD) ? [] : [`dist/generated/a1111-1.10.d.ts lacks ${NEW_FIELD}`];
}

async function latestOf(registry: string): Promise<Array<[string, string | undefined]>> {
  const tags: Array<[string, string | undefined]> = [];
  for (const name of PACKAGES) tags.push([name, (await fetchPackument(registry, name))?.['dist-tags'].latest]);
  return tags;
}
