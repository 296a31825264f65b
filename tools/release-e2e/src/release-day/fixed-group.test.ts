import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { PACKAGES } from './index.js';

describe('the packages release day checks', () => {
  it('are the fixed group of .changeset/config.json, so a new package is verified too', async () => {
    const config = JSON.parse(
      await readFile(new URL('../../../../.changeset/config.json', import.meta.url), 'utf8'),
    ) as {
      fixed: string[][];
    };
    expect([...PACKAGES].sort()).toEqual([...(config.fixed[0] ?? [])].sort());
  });
});
