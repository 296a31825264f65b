import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMockApp } from '../../http/app/index.js';
import { turnsWhile } from '../../testing/event-loop-turns.js';
import { loadCassettes } from './index.js';

/** A folder with one asset of `bytes` random bytes, answered `references` times by one recorded GET. */
async function folder(dir: string, bytes: number, references: number): Promise<void> {
  await mkdir(join(dir, 'assets'));
  await writeFile(join(dir, 'assets', 'big.png'), randomBytes(bytes));
  const images = Array(references).fill('$asset:big.png');
  const interaction = {
    request: { method: 'GET', path: '/sdapi/v1/samplers' },
    response: { status: 200, headers: { 'content-type': 'application/json' }, body: { images } },
  };
  await writeFile(join(dir, 'many.json'), JSON.stringify({ source: 'test', interactions: [interaction] }));
}

describe('cassette assets referenced many times (issue #23)', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sdwebui-cassette-assets-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('refuses at load an answer whose references resolve past 64 MiB, naming the file', async () => {
    // 3.5 MB of asset (4.7 MB of base64) × 15 = 70 MB: before, loaded, then every replay built it anew.
    await folder(dir, 3_500_000, 15);
    await expect(loadCassettes(dir)).rejects.toThrow(
      `${join(dir, 'many.json')}: its 15 asset references resolve to over 67108864 bytes (the limit of one answer)`,
    );
  });

  it('replays a large answer encoded once, a slice at a time, the same bytes every time', async () => {
    await folder(dir, 1_500_000, 8); // 16 MB of base64
    const { app } = createMockApp({ cassettes: await loadCassettes(dir) });
    const get = async () => Buffer.from(await (await app.request('/sdapi/v1/samplers')).arrayBuffer());
    const { turns, result: first } = await turnsWhile(get);
    // Each asset is escaped a megabyte at a time, the event loop turning between slices.
    expect(turns).toBeGreaterThanOrEqual(8);
    expect(first.length).toBeGreaterThan(16_000_000);
    const images = (JSON.parse(first.toString()) as { images: string[] }).images;
    expect(images).toHaveLength(8);
    expect(new Set(images).size).toBe(1);
    expect((await get()).equals(first)).toBe(true);
  });
});
