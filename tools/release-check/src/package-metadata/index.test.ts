import { describe, expect, it } from 'vitest';
import { checkPackageMetadata } from './index.js';

const expected = { repositoryUrl: 'git+https://github.com/sdwebui/sdwebui.git', licenseText: 'MIT License\n' };
const complete = {
  name: '@sdwebui/x',
  license: 'MIT',
  repository: { type: 'git', url: expected.repositoryUrl, directory: 'packages/x' },
  homepage: 'https://github.com/sdwebui/sdwebui/tree/main/packages/x#readme',
  bugs: 'https://github.com/sdwebui/sdwebui/issues',
  engines: { node: '^20.19.0 || >=22.12.0' },
};
const withLicense = new Map([['LICENSE', Buffer.from('MIT License\n')]]);

describe('checkPackageMetadata', () => {
  it('accepts a manifest with every field and the LICENSE text', () => {
    expect(checkPackageMetadata(complete, withLicense, expected)).toEqual([]);
    expect(checkPackageMetadata({ ...complete, bugs: { url: complete.bugs } }, withLicense, expected)).toEqual([]);
  });

  it('reports another repository, a missing directory, a license text that differs', () => {
    const problems = checkPackageMetadata(
      { ...complete, repository: 'https://example.com/fork.git' },
      new Map([['LICENSE', Buffer.from('ISC License\n')]]),
      expected,
    );
    expect(problems).toEqual([
      '@sdwebui/x: repository.url is "https://example.com/fork.git", expected git+https://github.com/sdwebui/sdwebui.git',
      '@sdwebui/x: repository.directory must name the package\'s folder, e.g. "packages/client"',
      "@sdwebui/x: LICENSE differs from the repository's LICENSE",
    ]);
  });

  it('reports missing engines and license field', () => {
    const { engines: _engines, license: _license, ...bare } = complete;
    expect(checkPackageMetadata(bare, withLicense, expected)).toEqual([
      '@sdwebui/x: no engines.node',
      '@sdwebui/x: no license field',
    ]);
  });
});
