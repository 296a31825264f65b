import { stat } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchPackument } from '../packuments/index.js';
import { publishFixture } from '../testing/fixtures.js';
import { addUser, RegistryError, startRegistry, type LocalRegistry } from './index.js';

let registry: LocalRegistry;
beforeAll(async () => {
  registry = await startRegistry();
});
afterAll(() => registry.stop());

describe('startRegistry', () => {
  it('listens on a loopback port and serves what an authenticated user publishes', async () => {
    expect(registry.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    expect(await fetchPackument(registry.url, '@sdwebui/nothing')).toBeUndefined();
    await publishFixture(registry, { name: '@sdwebui/fixture', version: '1.0.0' });
    const packument = await fetchPackument(registry.url, '@sdwebui/fixture');
    expect(packument?.['dist-tags']).toEqual({ latest: '1.0.0' });
  }, 60_000);

  it('refuses a publish without the token', async () => {
    await expect(
      publishFixture({ ...registry, token: 'not-a-token' }, { name: '@sdwebui/anonymous', version: '1.0.0' }),
    ).rejects.toThrow(/npm publish of @sdwebui\/anonymous@1\.0\.0 failed/);
  }, 60_000);

  it('has no uplink: a package published nowhere here is a 404, not a proxy to npmjs', async () => {
    expect(await fetchPackument(registry.url, 'typescript')).toBeUndefined();
  });

  it('allows one user only', async () => {
    await expect(addUser(registry.url, 'second', 'password-2')).rejects.toThrow(RegistryError);
  });
});

describe('stop', () => {
  it('closes the port and removes the storage, and can be called twice', async () => {
    const other = await startRegistry();
    await other.stop();
    await other.stop();
    await expect(stat(other.dir)).rejects.toThrow(/ENOENT/);
    await expect(fetch(other.url, { signal: AbortSignal.timeout(5_000) })).rejects.toThrow();
  });
});
