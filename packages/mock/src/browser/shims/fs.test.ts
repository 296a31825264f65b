import { describe, expect, it } from 'vitest';
import { embedData, readFileSync } from './fs.js';

describe('readFileSync of the browser mock', () => {
  it('reads embedded data files by their URL under data/, as text or bytes, and fails others with ENOENT', () => {
    embedData({ 'specs/x.json': '{"é":1}' });
    const url = new URL('../../../data/specs/x.json', 'file:///sdwebui-mock/dist/a/b/module.js');
    expect(readFileSync(url, 'utf8')).toBe('{"é":1}');
    expect([...(readFileSync(url) as Uint8Array)]).toEqual([...new TextEncoder().encode('{"é":1}')]);
    expect(() => readFileSync(new URL('file:///sdwebui-mock/data/specs/y.json'))).toThrow(
      expect.objectContaining({ code: 'ENOENT' }),
    );
  });
});
