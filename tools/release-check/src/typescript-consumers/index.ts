import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { run } from '../run.js';

/** The same file type-checks as ESM (`.mts`, or `.ts` in a `type: module` project) and as CommonJS (`.cts`). */
const CONSUMER_TS = `
import { createWebuiClient, type GenerationResult, type Schemas, type V1_4 } from '@sdwebui/client';
import { createMockServer, type MockServer } from '@sdwebui/mock';
import { formatInfotext, parseInfotext, type Infotext } from '@sdwebui/infotext';
import { normalizeSpec, type SpecDiff } from '@sdwebui/spec';
import type { SpecValidator } from '@sdwebui/validate';
import type { SdwebuiQueue } from '@sdwebui/queue';
import type { CliOptions } from '@sdwebui/cli';
import { basicAuthHeader } from '@sdwebui/internal/basic-auth';

export async function use(mock: MockServer): Promise<string> {
  const client = createWebuiClient({ baseUrl: mock.url });
  const result: GenerationResult = await client.txt2img({ prompt: 'typed', steps: 1, scheduler: 'Karras' });
  const info: Infotext = parseInfotext(result.info.infotexts[0] ?? '');
  const model: Schemas['SDModelItem'] | undefined = (await client.raw.GET('/sdapi/v1/sd-models')).data?.[0];
  const legacy: V1_4.components['schemas']['StableDiffusionProcessingTxt2Img'] = { prompt: 'x' };
  // @ts-expect-error steps is a number
  client.txt2img({ steps: 'five' });
  return formatInfotext(info) + String(model?.title) + String(legacy.prompt) + basicAuthHeader('a:b');
}
export type Unused = [typeof createMockServer, typeof normalizeSpec, SpecDiff, SpecValidator, SdwebuiQueue, CliOptions];
`;

/**
 * A consumer's TypeScript setups, each `tsc --noEmit` over the installed packages with
 * `skipLibCheck: false` (so our declarations are checked too): classic `node10` (CommonJS),
 * `node16` and `nodenext` each from an ES module and from a CommonJS one, and `bundler`.
 */
const SETUPS = [
  { name: 'node10', module: 'CommonJS', moduleResolution: 'Node10', files: ['consumer.ts'] },
  { name: 'node16', module: 'Node16', moduleResolution: 'Node16', files: ['consumer.mts', 'consumer.cts'] },
  { name: 'nodenext', module: 'NodeNext', moduleResolution: 'NodeNext', files: ['consumer.mts', 'consumer.cts'] },
  { name: 'bundler', module: 'ESNext', moduleResolution: 'Bundler', files: ['consumer.ts'] },
] as const;

/** Writes the consumer files and one `tsconfig.<setup>.json` per setup into `dir`. */
export async function writeTypeScriptConsumers(dir: string): Promise<void> {
  for (const file of ['consumer.ts', 'consumer.mts', 'consumer.cts']) await writeFile(join(dir, file), CONSUMER_TS);
  for (const { name, module, moduleResolution, files } of SETUPS) {
    const compilerOptions = {
      strict: true,
      noEmit: true,
      target: 'ES2022',
      module,
      moduleResolution,
      skipLibCheck: false,
      types: ['node'],
      lib: ['ES2023', 'DOM'],
    };
    await writeFile(join(dir, `tsconfig.${name}.json`), JSON.stringify({ compilerOptions, files }, null, 2));
  }
}

/** Runs every setup's type check in `dir` (after {@link writeTypeScriptConsumers} and the install). */
export async function checkTypeScriptConsumers(dir: string): Promise<{ passed: string[]; problems: string[] }> {
  const passed: string[] = [];
  const problems: string[] = [];
  const tsc = join(dir, 'node_modules/typescript/bin/tsc');
  for (const { name, files } of SETUPS) {
    const result = await run(process.execPath, [tsc, '-p', `tsconfig.${name}.json`], { cwd: dir });
    const label = `${name} (${files.map((file) => file.replace('consumer', '')).join(', ')})`;
    if (result.code === 0) passed.push(label);
    else problems.push(`tsc with ${label} failed:\n${result.output}`);
  }
  return { passed, problems };
}
