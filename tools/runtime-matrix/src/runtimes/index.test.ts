import { describe, expect, it } from 'vitest';
import { binariesIn, cacheDirFor } from './index.js';

describe('the runtimes cache', () => {
  it('is keyed by the lockfile, under SDWEBUI_RUNTIMES_CACHE or the XDG cache', async () => {
    const own = await cacheDirFor({ SDWEBUI_RUNTIMES_CACHE: '/c' });
    expect(own).toMatch(/^\/c\/[0-9a-f]{16}$/);
    expect(await cacheDirFor({ XDG_CACHE_HOME: '/x' })).toBe(`/x/sdwebui/runtimes/${own.slice(3)}`);
  });

  it('finds each binary where its package ships it', () => {
    expect(binariesIn('/d')).toEqual({
      node22: '/d/node_modules/node22/bin/node',
      node24: '/d/node_modules/node24/bin/node',
      bun: '/d/node_modules/@oven/bun-linux-x64/bin/bun',
      deno: '/d/node_modules/@deno/linux-x64-glibc/deno',
      workerd: '/d/node_modules/@cloudflare/workerd-linux-64/bin/workerd',
    });
  });
});
