import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LintResult } from './lint.js';
import { run } from './run.js';

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
import { diffSpecs } from '@sdwebui/spec';
import { createSpecValidator } from '@sdwebui/validate';
import { runCli } from '@sdwebui/cli';

const mock = await createMockServer({ profile: 'a1111-1.7' });
try {
  const client = createWebuiClient({ baseUrl: mock.url, target: 'a1111-1.7' });
  const { images } = await client.txt2img({ prompt: 'from a tarball', steps: 2, width: 16, height: 16 });
  assert.equal(parseInfotext(images[0].infotext).prompt, 'from a tarball');
  const spec = await (await fetch(mock.url + '/openapi.json')).json();
  assert.equal(diffSpecs(spec, spec).bump, 'none');
  assert.equal(createSpecValidator(spec).validateResponse('GET', '/sdapi/v1/samplers', 200, await client.samplers()).valid, true);
  assert.equal(typeof runCli, 'function');
} finally {
  await mock.close();
}
console.log('consumer ok');
`;

/** CommonJS users: Node 20.19+ require()s ESM, which needs a `default` (or `require`) condition in `exports`. */
const CONSUMER_CJS = `
const assert = require('node:assert/strict');
const names = ['@sdwebui/infotext', '@sdwebui/mock', '@sdwebui/client', '@sdwebui/spec', '@sdwebui/validate', '@sdwebui/cli'];
for (const name of names) assert.equal(typeof require(name), 'object', name);
assert.equal(typeof require('@sdwebui/client').createWebuiClient, 'function');
assert.equal(typeof require('@sdwebui/mock').createMockServer, 'function');
console.log('require ok');
`;

const CONSUMER_TS = `
import { createWebuiClient, type GenerationResult, type Schemas, type V1_4 } from '@sdwebui/client';
import { createMockServer, type MockServer } from '@sdwebui/mock';
import { formatInfotext, parseInfotext, type Infotext } from '@sdwebui/infotext';
import { normalizeSpec, type SpecDiff } from '@sdwebui/spec';
import type { SpecValidator } from '@sdwebui/validate';
import type { CliOptions } from '@sdwebui/cli';

export async function use(mock: MockServer): Promise<string> {
  const client = createWebuiClient({ baseUrl: mock.url });
  const result: GenerationResult = await client.txt2img({ prompt: 'typed', steps: 1, scheduler: 'Karras' });
  const info: Infotext = parseInfotext(result.info.infotexts[0] ?? '');
  const model: Schemas['SDModelItem'] | undefined = (await client.raw.GET('/sdapi/v1/sd-models')).data?.[0];
  const legacy: V1_4.components['schemas']['StableDiffusionProcessingTxt2Img'] = { prompt: 'x' };
  // @ts-expect-error steps is a number
  client.txt2img({ steps: 'five' });
  return formatInfotext(info) + String(model?.title) + String(legacy.prompt);
}
export type Unused = [typeof createMockServer, typeof normalizeSpec, SpecDiff, SpecValidator, CliOptions];
`;

const tsconfig = (module: string, moduleResolution: string) =>
  JSON.stringify({
    compilerOptions: {
      strict: true,
      noEmit: true,
      target: 'ES2022',
      module,
      moduleResolution,
      skipLibCheck: false,
      types: ['node'],
      lib: ['ES2023', 'DOM'],
    },
    files: ['consumer.ts'],
  });

/**
 * Installs the tarballs into a fresh project outside the workspace (npm, registry for third-party
 * dependencies), runs an ESM consumer and type-checks a TypeScript one with `bundler` and
 * `node16` resolution.
 */
export async function checkConsumer(packages: readonly PackedPackage[]): Promise<LintResult & { dir: string }> {
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
  await writeFile(join(dir, 'consumer.ts'), CONSUMER_TS);
  await writeFile(join(dir, 'tsconfig.bundler.json'), tsconfig('ESNext', 'Bundler'));
  await writeFile(join(dir, 'tsconfig.node16.json'), tsconfig('Node16', 'Node16'));

  const problems: string[] = [];
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const install = await run(npm, ['install', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: dir });
  if (install.code !== 0)
    return { ok: false, problems: [`npm install of the tarballs failed:\n${install.output}`], dir };
  const esm = await run(process.execPath, ['consumer.mjs'], { cwd: dir });
  if (esm.code !== 0 || !esm.output.includes('consumer ok')) problems.push(`ESM consumer failed:\n${esm.output}`);
  const cjs = await run(process.execPath, ['--no-warnings', 'consumer.cjs'], { cwd: dir });
  if (cjs.code !== 0 || !cjs.output.includes('require ok'))
    problems.push(`CommonJS require() consumer failed:\n${cjs.output}`);
  const help = await run(process.execPath, [join(dir, 'node_modules/@sdwebui/cli/bin/sdwebui.js'), '--help'], {
    cwd: dir,
  });
  if (help.code !== 0 || !help.output.includes('Usage: sdwebui'))
    problems.push(`the sdwebui bin failed:\n${help.output}`);
  for (const config of ['tsconfig.bundler.json', 'tsconfig.node16.json']) {
    const tsc = await run(process.execPath, [join(dir, 'node_modules/typescript/bin/tsc'), '-p', config], { cwd: dir });
    if (tsc.code !== 0) problems.push(`tsc -p ${config} failed:\n${tsc.output}`);
  }
  return { ok: problems.length === 0, problems, dir };
}
