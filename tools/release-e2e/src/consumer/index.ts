import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from '@sdwebui/release-check/run';

/** A user's script: ESM imports of the installed packages and a txt2img against the installed mock. */
const CONSUMER_JS = `
import assert from 'node:assert/strict';
import { createWebuiClient } from '@sdwebui/client';
import { createMockServer } from '@sdwebui/mock';

const mock = await createMockServer({ profile: 'a1111-1.10' });
try {
  const client = createWebuiClient({ baseUrl: mock.url });
  const { images } = await client.txt2img({ prompt: 'from the registry', steps: 2, width: 16, height: 16 });
  assert.equal(images.length, 1);
  assert.match(images[0].infotext, /^from the registry/);
} finally {
  await mock.close();
}
console.log('consumer ok');
`;

export interface ConsumerProject {
  dir: string;
  remove(): Promise<void>;
}

class ConsumerError extends Error {
  override name = 'ConsumerError';
}

/**
 * A fresh npm project outside the workspace whose `.npmrc` takes `@sdwebui/*` from the local
 * registry (everything else from the usual registry), with `specs` installed, e.g.
 * `['@sdwebui/client@0.2.0', '@sdwebui/mock@0.2.0']` or `['@sdwebui/client@next']`.
 */
export async function installConsumer(registry: string, specs: readonly string[]): Promise<ConsumerProject> {
  const dir = await mkdtemp(join(tmpdir(), 'sdwebui-user-'));
  const remove = () => rm(dir, { recursive: true, force: true });
  try {
    await writeFile(
      join(dir, 'package.json'),
      JSON.stringify({ name: 'sdwebui-user', private: true, type: 'module' }, null, 2),
    );
    await writeFile(join(dir, '.npmrc'), `@sdwebui:registry=${registry}\n`);
    await writeFile(join(dir, 'consumer.mjs'), CONSUMER_JS);
    const args = ['install', '--save-exact', '--no-audit', '--no-fund', '--loglevel=error', ...specs];
    const install = await run('npm', args, { cwd: dir, timeoutMs: 300_000 });
    if (install.code !== 0) throw new ConsumerError(`npm install ${specs.join(' ')} failed:\n${install.output}`);
    return { dir, remove };
  } catch (error) {
    await remove();
    throw error;
  }
}

/** CommonJS users: `require()` of the installed ESM packages (Node 20.19+). */
const REQUIRE_JS =
  "for (const name of ['@sdwebui/client', '@sdwebui/mock', '@sdwebui/cli']) require(name); console.log('require ok');";

/** Runs the ESM consumer, a CommonJS `require()` and `sdwebui --version`; returns one line per problem. */
export async function useConsumer(project: ConsumerProject, cliVersion: string): Promise<string[]> {
  const problems: string[] = [];
  const esm = await run(process.execPath, ['consumer.mjs'], { cwd: project.dir, timeoutMs: 60_000 });
  if (esm.code !== 0 || !esm.output.includes('consumer ok')) problems.push(`the ESM consumer failed:\n${esm.output}`);
  const cjs = await run(process.execPath, ['--no-warnings', '-e', REQUIRE_JS], { cwd: project.dir, timeoutMs: 60_000 });
  if (cjs.code !== 0 || !cjs.output.includes('require ok'))
    problems.push(`require() of the packages failed:\n${cjs.output}`);
  const bin = join(project.dir, 'node_modules', '.bin', 'sdwebui');
  const version = await run(bin, ['--version'], { cwd: project.dir, timeoutMs: 60_000 });
  if (version.code !== 0 || version.output.trim() !== cliVersion) {
    problems.push(`sdwebui --version printed "${version.output.trim()}", expected ${cliVersion}`);
  }
  return problems;
}
