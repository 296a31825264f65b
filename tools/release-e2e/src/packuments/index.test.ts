import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRegistry, type LocalRegistry } from '../registry/index.js';
import { publishFixture } from '../testing/fixtures.js';
import { checkChangelog, verifyRelease } from './index.js';

let registry: LocalRegistry;
beforeAll(async () => {
  registry = await startRegistry();
  await publishFixture(registry, { name: '@sdwebui/base', version: '1.0.0' });
  await publishFixture(registry, { name: '@sdwebui/base', version: '1.1.0' });
  await publishFixture(registry, {
    name: '@sdwebui/user',
    version: '1.0.0',
    dependencies: { '@sdwebui/base': '1.0.0' },
  });
  await publishFixture(registry, {
    name: '@sdwebui/user',
    version: '1.1.0',
    dependencies: { '@sdwebui/base': '1.1.0' },
  });
}, 120_000);
afterAll(() => registry.stop());

const group = ['@sdwebui/base', '@sdwebui/user'];

describe('verifyRelease', () => {
  it('passes a group released together with real ranges, exports and changelogs', async () => {
    expect(
      await verifyRelease(registry.url, { names: group, version: '1.1.0', tag: 'latest', alsoListed: ['1.0.0'] }),
    ).toEqual([]);
  }, 60_000);

  it('fails a published leftover workspace: range', async () => {
    await publishFixture(registry, {
      name: '@sdwebui/leftover',
      version: '1.1.0',
      dependencies: { '@sdwebui/base': 'workspace:*' },
    });
    expect(
      await verifyRelease(registry.url, {
        names: ['@sdwebui/base', '@sdwebui/leftover'],
        version: '1.1.0',
        tag: 'latest',
      }),
    ).toEqual([
      '@sdwebui/leftover dependencies: @sdwebui/base@workspace:* is not a semver range',
      "@sdwebui/leftover@1.1.0 depends on @sdwebui/base@workspace:*, not the group's 1.1.0",
    ]);
  }, 60_000);

  it('fails a published exports map that require() cannot load or that names a missing file', async () => {
    await publishFixture(registry, {
      name: '@sdwebui/import-only',
      version: '1.1.0',
      exports: { '.': { types: './dist/index.d.ts', import: './dist/index.js' } },
    });
    await publishFixture(registry, {
      name: '@sdwebui/missing',
      version: '1.1.0',
      exports: { '.': { types: './dist/index.d.ts', default: './dist/gone.js' } },
    });
    expect(
      await verifyRelease(registry.url, {
        names: ['@sdwebui/import-only', '@sdwebui/missing'],
        version: '1.1.0',
        tag: 'latest',
      }),
    ).toEqual([
      '@sdwebui/import-only ".": nothing for require (conditions node, require, default)',
      '@sdwebui/missing "." (import) → ./dist/gone.js: not in the package',
      '@sdwebui/missing "." (require) → ./dist/gone.js: not in the package',
    ]);
  }, 60_000);

  it('fails a group that did not move together, a tag that did not move and a missing package', async () => {
    await publishFixture(registry, { name: '@sdwebui/late', version: '1.0.0' });
    await publishFixture(registry, { name: '@sdwebui/late', version: '1.1.0' }, 'next');
    expect(
      await verifyRelease(registry.url, {
        names: ['@sdwebui/late', '@sdwebui/absent'],
        version: '1.1.0',
        tag: 'latest',
      }),
    ).toEqual(['@sdwebui/late: dist-tag latest is 1.0.0, expected 1.1.0', '@sdwebui/absent: not on the registry']);
  }, 60_000);
});

describe('checkChangelog', () => {
  const files = (text: string) => new Map([['CHANGELOG.md', Buffer.from(text)]]);
  const changelog = '# @sdwebui/x\n\n## 0.3.0\n\n### Minor Changes\n\n- Types regenerated\n\n## 0.2.0\n\n- first\n';

  it('finds the version entry and the text inside it', () => {
    expect(checkChangelog('x', '0.3.0', files(changelog), 'Types regenerated')).toEqual([]);
    expect(checkChangelog('x', '0.2.0', files(changelog))).toEqual([]);
  });

  it('reports a missing file, a missing entry and text only present under another version', () => {
    expect(checkChangelog('x', '0.3.0', new Map())).toEqual(['x@0.3.0: no CHANGELOG.md in the tarball']);
    expect(checkChangelog('x', '0.4.0', files(changelog))).toEqual(['x@0.4.0: CHANGELOG.md has no "## 0.4.0" entry']);
    expect(checkChangelog('x', '0.2.0', files(changelog), 'Types regenerated')).toEqual([
      'x@0.2.0: the CHANGELOG entry lacks "Types regenerated"',
    ]);
  });
});
