import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LintResult } from './lint.js';
import { run } from './run.js';
import { checkTypeScriptConsumers, writeTypeScriptConsumers } from './typescript-consumers/index.js';

export interface PackedPackage {
  name: string;
  tarball: string;
}

/** Uses every package the way a user would: ESM imports, the bin, a real round trip through the mock. */
const CONSUMER_JS = `
import assert from 'node:assert/strict';
import { parseInfotext } from '@sdwebui/infotext';
import { createMockServer } from '@sdwebui/mock';
import { createWebuiClient } from '@sdwebui/client';
import { diffSpecs, readSpecFile } from '@sdwebui/spec';
import { createSpecValidator } from '@sdwebui/validate';
import { runCli } from '@sdwebui/cli';

// A bare webui: the extensions' routes are pulled into files of their own, not into openapi.json.
const mock = await createMockServer({ profile: 'a1111-1.7', extensions: [] });
try {
  const client = createWebuiClient({ baseUrl: mock.url, target: 'a1111-1.7' });
  const { images } = await client.txt2img({ prompt: 'from a tarball', steps: 2, width: 16, height: 16 });
  assert.equal(parseInfotext(images[0].infotext).prompt, 'from a tarball');
  const spec = await (await fetch(mock.url + '/openapi.json')).json();
  assert.equal(diffSpecs(spec, spec).bump, 'none');
  assert.equal(createSpecValidator(spec).validateResponse('GET', '/sdapi/v1/samplers', 200, await client.samplers()).valid, true);
  // spec pull + spec gen in a folder of the user's own: the overlays come with @sdwebui/spec, so the
  // result is the spec the packages were built from (no phantom changes), and a warning says so.
  const errors = [];
  const io = { out: () => {}, err: (line) => errors.push(line) };
  assert.equal(await runCli(['node', 'sdwebui', 'spec', 'pull', '--url', mock.url, '--out', 'mine/a1111-1.7'], { io }), 0);
  assert.equal(await runCli(['node', 'sdwebui', 'spec', 'gen', '--spec-dir', 'mine', '--out-dir', 'mine-types'], { io }), 0);
  assert.equal(diffSpecs(spec, await readSpecFile('mine/a1111-1.7/openapi.json')).bump, 'none');
  assert.match(errors.join(' '), /^warning: mine.overlays not found: using the 4 overlays shipped with @sdwebui.spec/);
} finally {
  await mock.close();
}
console.log('consumer ok');
`;

/**
 * CommonJS users: each package's \`require\` entry is a CommonJS file that require()s the ES module
 * (Node 20.19+, 22.12+), so require() and import give the same module (one class per error, one
 * mock: no dual-package hazard). Run without --no-warnings: nothing may be printed.
 */
const CONSUMER_CJS = `
const assert = require('node:assert/strict');
const names = ['@sdwebui/infotext', '@sdwebui/mock', '@sdwebui/client', '@sdwebui/spec', '@sdwebui/validate',
  '@sdwebui/queue', '@sdwebui/cli', '@sdwebui/internal/printable'];
(async () => {
  for (const name of names) {
    const required = require(name);
    const imported = await import(name);
    assert.ok(Object.keys(imported).length > 0, name);
    for (const [key, value] of Object.entries(imported)) assert.equal(required[key], value, name + ' ' + key);
  }
  console.log('require ok');
})();
`;

/**
 * Installs the tarballs into a fresh project outside the workspace (npm, registry for third-party
 * dependencies), runs an ESM consumer, a CommonJS one and the bin, and type-checks a TypeScript
 * consumer under every module resolution a user may have.
 */
export async function checkConsumer(
  packages: readonly PackedPackage[],
): Promise<LintResult & { dir: string; typescript: string[] }> {
  const dir = await mkdtemp(join(tmpdir(), 'sdwebui-consumer-'));
  const local = Object.fromEntries(packages.map(({ name, tarball }) => [name, `file:${tarball}`]));
  await writeFile(
    join(dir, 'package.json'),
    JSON.stringify(
      {
        name: 'sdwebui-consumer',
        private: true,
        type: 'module',
        dependencies: { ...local, typescript: '5.9.3', '@types/node': '^20.19.0' },
        overrides: local,
      },
      null,
      2,
    ),
  );
  await writeFile(join(dir, 'consumer.mjs'), CONSUMER_JS);
  await writeFile(join(dir, 'consumer.cjs'), CONSUMER_CJS);
  await writeTypeScriptConsumers(dir);

  const problems: string[] = [];
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const install = await run(npm, ['install', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: dir });
  if (install.code !== 0)
    return { ok: false, problems: [`npm install of the tarballs failed:\n${install.output}`], dir, typescript: [] };
  const esm = await run(process.execPath, ['consumer.mjs'], { cwd: dir });
  if (esm.code !== 0 || !esm.output.includes('consumer ok')) problems.push(`ESM consumer failed:\n${esm.output}`);
  const cjs = await run(process.execPath, ['consumer.cjs'], { cwd: dir });
  if (cjs.code !== 0 || cjs.output.trim() !== 'require ok')
    problems.push(`CommonJS require() consumer failed (or printed more than "require ok"):\n${cjs.output}`);
  const help = await run(process.execPath, [join(dir, 'node_modules/@sdwebui/cli/bin/sdwebui.js'), '--help'], {
    cwd: dir,
  });
  if (help.code !== 0 || !help.output.includes('Usage: sdwebui'))
    problems.push(`the sdwebui bin failed:\n${help.output}`);
  const typescript = await checkTypeScriptConsumers(dir);
  problems.push(...typescript.problems);
  return { ok: problems.length === 0, problems, dir, typescript: typescript.passed };
}
