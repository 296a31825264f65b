import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { run } from '../testing/run.js';

const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));

/** Packages that are not libraries: their README documents commands, not an API. */
const NOT_IN_REFERENCE: Record<string, string> = { cli: 'the `sdwebui` command' };

describe('pnpm docs:api', () => {
  it('documents every library package under packages/', async () => {
    const config = (await import(join(repoRoot, 'typedoc.config.mjs'))) as { default: { entryPoints: string[] } };
    const folders = (await readdir(join(repoRoot, 'packages'), { withFileTypes: true }))
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name);
    const libraries = folders.filter((name) => NOT_IN_REFERENCE[name] === undefined);
    expect([...config.default.entryPoints].sort()).toEqual(libraries.map((name) => `packages/${name}`).sort());
  });

  it('is a root script and writes to a git-ignored folder', async () => {
    const scripts = JSON.parse(await readFile(join(repoRoot, 'package.json'), 'utf8')).scripts as Record<
      string,
      string
    >;
    expect(scripts['docs:api']).toMatch(/typedoc$/);
    expect((await readFile(join(repoRoot, '.gitignore'), 'utf8')).split('\n')).toContain('docs/api/');
  });
});

/** Every file under `dir` with its size. */
async function filesOf(dir: string): Promise<Array<{ path: string; bytes: number }>> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const files = entries.filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name));
  return Promise.all(files.map(async (path) => ({ path: path.slice(dir.length + 1), bytes: (await stat(path)).size })));
}

describe('the API reference, as pnpm docs:api writes it', () => {
  // What `pnpm docs:api` runs after the build, into a temp folder: TypeDoc over the built workspace,
  // warnings as errors (an undocumented public function or class, a type a public signature uses but
  // the entry does not export). Minutes on a loaded machine; the limits are sizes, not times.
  it('passes without a warning and stays small: generated maps summarized, no page of raw types', async () => {
    const out = await mkdtemp(join(tmpdir(), 'sdwebui-api-reference-'));
    try {
      const typedoc = join(repoRoot, 'node_modules/typedoc/bin/typedoc');
      const result = await run(process.execPath, [typedoc, '--out', out, '--logLevel', 'Warn'], { cwd: repoRoot });
      expect(result.output.trim()).toBe('');
      expect(result.code).toBe(0);
      const files = await filesOf(out);
      const pages = files.filter((file) => file.path.endsWith('.html'));
      expect(pages.length).toBeLessThan(400);
      expect(files.reduce((sum, file) => sum + file.bytes, 0)).toBeLessThan(8_000_000);
      const largest = pages.reduce((a, b) => (b.bytes > a.bytes ? b : a));
      expect(largest.bytes, largest.path).toBeLessThan(300_000);
      const paths = await readFile(join(out, 'interfaces/_sdwebui_client.paths.html'), 'utf8');
      expect(paths).toContain('POST /sdapi/v1/txt2img');
    } finally {
      await rm(out, { recursive: true, force: true });
    }
  }, 600_000);
});
