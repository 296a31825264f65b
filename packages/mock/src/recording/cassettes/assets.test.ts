import { describe, expect, it } from 'vitest';
import { turnsWhile } from '../../testing/event-loop-turns.js';
import { base64Asset, bodyAsset } from './assets.js';

describe('assets', () => {
  it('are made only of canonical base64 (what replay gives back exactly)', async () => {
    const bytes = Buffer.from('\x89PNG\r\n\x1a\n-rest-of-an-image', 'latin1');
    expect((await base64Asset(bytes.toString('base64')))?.name).toMatch(/^[0-9a-f]{16}\.png$/);
    for (const text of ['not base64 at all!', 'YWJj-_==', 'YWI=YWI=', 'YWJ=', 'ＹＷＪｊ']) {
      expect([text, await base64Asset(text)]).toEqual([text, undefined]);
    }
  });

  it('are checked and hashed a few megabytes per turn of the event loop, whatever their size', async () => {
    const image = Buffer.alloc(45 * 1024 * 1024, 3);
    const checked = await turnsWhile(() => base64Asset(image.toString('base64')));
    expect(checked.result?.bytes.equals(image)).toBe(true);
    // 60 M characters checked 4 M per turn, 45 MiB hashed 4 MiB per turn.
    expect(checked.turns).toBeGreaterThan(20);
    const hashed = await turnsWhile(() => bodyAsset(image));
    expect(hashed.result.name).toMatch(/^[0-9a-f]{16}\.txt$/);
    expect(hashed.turns).toBeGreaterThan(8);
  });
});
