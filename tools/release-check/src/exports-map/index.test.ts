import { describe, expect, it } from 'vitest';
import { checkExportsMap } from './index.js';

const files = new Set(['package.json', 'dist/index.js', 'dist/index.d.ts', 'dist/node.js', 'dist/node.d.ts']);

describe('checkExportsMap', () => {
  it('accepts types + default, nested node/default blocks and the string sugar', () => {
    expect(
      checkExportsMap(
        { name: 'a', exports: { '.': { types: './dist/index.d.ts', default: './dist/index.js' } } },
        files,
      ),
    ).toEqual([]);
    const nested = {
      '.': {
        node: { types: './dist/node.d.ts', default: './dist/node.js' },
        default: { types: './dist/index.d.ts', default: './dist/index.js' },
      },
    };
    expect(checkExportsMap({ name: 'b', exports: nested }, files)).toEqual([]);
    expect(checkExportsMap({ name: 'c', exports: './dist/index.js' }, files)).toEqual([]);
  });

  it('reports a map with only `import`: require() has nothing to load', () => {
    const problems = checkExportsMap(
      { name: 'esm', exports: { '.': { types: './dist/index.d.ts', import: './dist/index.js' } } },
      files,
    );
    expect(problems).toEqual(['esm ".": nothing for require (conditions node, require, default)']);
  });

  it('reports targets the package does not contain, and a missing exports field', () => {
    const problems = checkExportsMap(
      { name: 'gone', exports: { '.': { types: './dist/index.d.ts', default: './dist/gone.js' } } },
      files,
    );
    expect(problems).toEqual([
      'gone "." (import) → ./dist/gone.js: not in the package',
      'gone "." (require) → ./dist/gone.js: not in the package',
    ]);
    expect(checkExportsMap({ name: 'none' }, files)).toEqual(['none: no "exports" field']);
  });
});

describe('checkExportsMap with import and require branches', () => {
  const dual = {
    '.': {
      import: { types: './dist/index.d.ts', default: './dist/index.js' },
      require: { types: './dist/index.d.cts', default: './dist/index.cjs' },
    },
  };

  it('checks the types of each branch: a missing .d.cts is reported for require types only', () => {
    const withCjs = new Set([...files, 'dist/index.cjs']);
    expect(checkExportsMap({ name: 'half', exports: dual }, withCjs)).toEqual([
      'half "." (require types) → ./dist/index.d.cts: not in the package',
    ]);
    expect(checkExportsMap({ name: 'whole', exports: dual }, new Set([...withCjs, 'dist/index.d.cts']))).toEqual([]);
  });
});
