import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { readmeOpening, ReadmeShapeError, snippetModule } from './index.js';

const run = promisify(execFile);
const packageDir = fileURLToPath(new URL('../../', import.meta.url));
const repoRoot = join(packageDir, '..', '..');
// Inside this package, so that the snippet's `@sdwebui/*` imports resolve to the built workspace packages.
const snippetDir = join(packageDir, '.snippets');

/**
 * Each README checked, with what its snippet must print, in order (what its comments promise). Figures that
 * follow the committed specs are patterns, so that a spec update does not break the README check.
 */
const READMES: Record<string, { install: string; prints: (string | RegExp)[]; writes?: string[] }> = {
  infotext: {
    install: 'npm i @sdwebui/infotext',
    prints: ['puppy dog 20 Euler a 42 512 768', 'true', "sampler_name: 'Euler a'", 'true'],
  },
  mock: { install: 'npm i -D @sdwebui/mock', prints: ['200 1 puppy dog', "[ 'POST /sdapi/v1/txt2img' ]"] },
  validate: {
    install: 'npm i @sdwebui/validate @sdwebui/mock',
    prints: ['{ valid: true, errors: [] }', "[ '/0/config must be string,null' ]", "[ '/steps must be integer,null' ]"],
  },
  spec: {
    install: 'npm i -D @sdwebui/spec @sdwebui/mock',
    prints: [
      /^\d+ \[ 'controlnet', 'adetailer' \]$/m,
      /^major \{ breaking: \d+, feature: \d+, fix: \d+ \}$/m,
      'Suggested bump: major',
    ],
    writes: ['spec/a1111-1.10/meta.json', 'spec/a1111-1.10/openapi.raw.json', 'webui-1.10.ts'],
  },
};

async function runSnippet(name: string, snippet: string): Promise<{ stdout: string; stderr: string; files: string[] }> {
  await mkdir(snippetDir, { recursive: true });
  const file = join(snippetDir, `${name}.mjs`);
  const cwd = await mkdtemp(join(tmpdir(), `sdwebui-readme-${name}-`));
  try {
    await writeFile(file, snippetModule(snippet));
    const { stdout, stderr } = await run(process.execPath, [file], { cwd, timeout: 50_000, env: { ...process.env } });
    return { stdout, stderr, files: (await readdir(cwd, { recursive: true })).map(String).sort() };
  } finally {
    await rm(cwd, { recursive: true, force: true });
    await rm(file, { force: true });
  }
}

describe('each package README opens with its install line and a snippet that runs', () => {
  it.each(Object.entries(READMES))('packages/%s/README.md', async (name, expected) => {
    const opening = readmeOpening(await readFile(join(repoRoot, 'packages', name, 'README.md'), 'utf8'));
    expect(opening.install.split('#')[0]?.trim()).toBe(expected.install);
    const { stdout, stderr, files } = await runSnippet(name, opening.snippet);
    expect(stderr).toBe('');
    expect(files).toEqual(expect.arrayContaining(expected.writes ?? []));
    let rest = stdout;
    for (const line of expected.prints) {
      const match = typeof line === 'string' ? { index: rest.indexOf(line), 0: line } : line.exec(rest);
      expect(match?.index ?? -1, `prints ${String(line)} (in order) in:\n${stdout}`).toBeGreaterThanOrEqual(0);
      rest = rest.slice((match?.index ?? 0) + (match?.[0].length ?? 0));
    }
  });
});

describe('readmeOpening', () => {
  const install = '```sh\nnpm i x\n```\n';
  const code = "```ts\nconsole.log('hi');\n```\n";

  it('returns the install line and the first code block', () => {
    expect(readmeOpening(`# x\n\ntext\n\n${install}\n${code}\n${code}`)).toEqual({
      install: 'npm i x',
      snippet: "console.log('hi');\n",
    });
  });

  it.each([
    ['no install line', code],
    ['a snippet before the install line', `${code}${install}`],
    ['no snippet', install],
    ['something between the install line and the snippet', `${install}\`\`\`sh\nls\n\`\`\`\n${code}`],
  ])('refuses %s', (_, markdown) => {
    expect(() => readmeOpening(markdown)).toThrow(ReadmeShapeError);
  });

  it('strips types and refuses a snippet that does not parse', () => {
    expect(snippetModule('const n: number = 1;\nexport {};\n')).toContain('const n = 1;');
    expect(() => snippetModule('const = ;')).toThrow(ReadmeShapeError);
  });
});
