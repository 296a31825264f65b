import { describe, expect, it } from 'vitest';
import { MAX_JSON_DEPTH, nestsDeeper } from './index.js';

describe('nestsDeeper', () => {
  it('counts arrays and objects, not brackets inside strings (escaped quotes included)', () => {
    expect(nestsDeeper('{"a": [1, {"b": "[[[[{{{{"}]}', 3)).toBe(false);
    expect(nestsDeeper('{"a": [1, {"b": [[]]}]}', 3)).toBe(true);
    expect(nestsDeeper('["\\"[[[[", "\\\\", [[]]]', 3)).toBe(false);
    expect(nestsDeeper('["\\\\"[[[[]]]]]', 3)).toBe(true);
    expect(nestsDeeper('["unterminated [[[[', 3)).toBe(false);
  });

  it('finds a hostile nesting without reading the rest', () => {
    expect(nestsDeeper(`${'['.repeat(5_000_000)}${']'.repeat(5_000_000)}`, MAX_JSON_DEPTH)).toBe(true);
    expect(nestsDeeper(JSON.stringify({ images: ['x'.repeat(1_000_000)], info: '{}' }), MAX_JSON_DEPTH)).toBe(false);
  });
});
