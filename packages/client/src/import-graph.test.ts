import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const src = fileURLToPath(new URL('.', import.meta.url));

async function sourceFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(
    entries.map((entry) => (entry.isDirectory() ? sourceFiles(join(dir, entry.name)) : [join(dir, entry.name)])),
  );
  return nested.flat().filter((file) => file.endsWith('.ts'));
}

describe('the import graph', () => {
  it('keeps the mock and the test helpers out of everything that ships', async () => {
    const shipped = (await sourceFiles(src)).filter(
      (file) => !file.endsWith('.test.ts') && !relative(src, file).startsWith('testing/'),
    );
    const offenders: string[] = [];
    for (const file of shipped) {
      const text = await readFile(file, 'utf8');
      if (/from '@sdwebui\/mock'|from '[./]*testing\//.test(text)) offenders.push(relative(src, file));
    }
    expect(shipped.length).toBeGreaterThan(20);
    expect(offenders).toEqual([]);
  });

  it('keeps the request core below everything: core/ and raw-client/ import only each other and generated/', async () => {
    const core = (await sourceFiles(src)).filter(
      (file) => /^(core|raw-client)\//.test(relative(src, file)) && !file.endsWith('.test.ts'),
    );
    const upward: string[] = [];
    for (const file of core) {
      const text = await readFile(file, 'utf8');
      for (const [, specifier] of text.matchAll(/(?:from|import\(?)\s*'(\.[^']+)'/g)) {
        const target = relative(src, join(file, '..', specifier as string));
        if (!/^(core|raw-client|generated)\//.test(target)) upward.push(`${relative(src, file)} imports ${target}`);
      }
    }
    expect(core.length).toBeGreaterThan(10);
    expect(upward).toEqual([]);
  });
});
