import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';

const root = new URL('../../../', import.meta.url);

describe("the root README's runtime examples", () => {
  it.each(['bun-generate.ts', 'deno-generate.ts'])('show %s as the matrix runs it', async (file) => {
    const readme = await readFile(new URL('README.md', root), 'utf8');
    const code = (await readFile(new URL(file, import.meta.url), 'utf8'))
      .split('\n')
      .filter((line) => !line.startsWith('//'))
      .join('\n')
      .trim();
    expect(readme).toContain(code);
  });
});
