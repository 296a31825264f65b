import { describe, expect, it } from 'vitest';
import { checkDependencyRanges } from './index.js';

describe('checkDependencyRanges', () => {
  it('accepts exact versions and semver ranges', () => {
    expect(
      checkDependencyRanges({
        name: 'a',
        dependencies: { x: '1.2.3', y: '^0.2.0', z: '>=1 <3' },
        peerDependencies: { p: '*' },
      }),
    ).toEqual([]);
  });

  it('reports workspace:, file: and link: ranges left in a published manifest', () => {
    const manifest = {
      name: 'a',
      dependencies: { x: 'workspace:*', y: 'file:../y' },
      optionalDependencies: { z: 'link:../z' },
    };
    expect(checkDependencyRanges(manifest)).toEqual([
      'a dependencies: x@workspace:* is not a semver range',
      'a dependencies: y@file:../y is not a semver range',
      'a optionalDependencies: z@link:../z is not a semver range',
    ]);
  });
});
