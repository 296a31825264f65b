import { describe, expect, it } from 'vitest';
import { checkSourceMaps } from './index.js';

const map = (sources: string[]) => Buffer.from(JSON.stringify({ version: 3, sources, mappings: '' }));

describe('checkSourceMaps', () => {
  it('accepts maps whose sources are shipped, at any depth', () => {
    const files = new Map([
      ['dist/index.js.map', map(['../src/index.ts'])],
      ['dist/parse/index.d.ts.map', map(['../../src/parse/index.ts'])],
      ['src/index.ts', Buffer.from('')],
      ['src/parse/index.ts', Buffer.from('')],
    ]);
    expect(checkSourceMaps(files)).toEqual([]);
  });

  it('reports sources the package lacks and sources outside the package', () => {
    const files = new Map([
      ['dist/index.js.map', map(['../src/index.ts'])],
      ['dist/a.js.map', map(['../../outside.ts'])],
      ['dist/b.js.map', Buffer.from('{not json')],
    ]);
    expect(checkSourceMaps(files)).toEqual([
      'dist/index.js.map: source ../src/index.ts is not in the package',
      'dist/a.js.map: source ../../outside.ts is not in the package',
      'dist/b.js.map: not JSON',
    ]);
  });
});
