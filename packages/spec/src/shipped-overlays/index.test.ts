import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runPipeline } from '../targets/index.js';
import { repoPath } from '../testing/fixtures.js';
import { SHIPPED_OVERLAYS_DIR } from './index.js';

// A user's own spec/ folder, as `sdwebui spec pull` leaves it after an npm install: a target with
// its openapi.raw.json, and no overlays/ anywhere (those live in this repository).
let work: string;
beforeEach(async () => {
  work = await mkdtemp(join(tmpdir(), 'sdwebui-shipped-overlays-'));
});
afterEach(() => rm(work, { recursive: true, force: true }));

const committed = (target: string) => readFile(repoPath('spec', target, 'openapi.json'), 'utf8');

describe('a spec folder without overlays', () => {
  it('is normalized with the shipped overlays, as the committed target was, and the run says so', async () => {
    await cp(repoPath('spec', 'a1111-1.10', 'openapi.raw.json'), join(work, 'spec', 'a1111-1.10', 'openapi.raw.json'));
    const result = await runPipeline({ specDir: join(work, 'spec'), outDir: join(work, 'generated') });
    expect(result.files.get(join(work, 'spec', 'a1111-1.10', 'openapi.json'))).toBe(await committed('a1111-1.10'));
    expect(result.warnings).toEqual([
      `${join(work, 'spec', 'overlays')} not found: using the 4 overlays shipped with @sdwebui/spec (${SHIPPED_OVERLAYS_DIR}); copy them there to change them`,
    ]);
  });

  it('gets the shipped overlays of the fork its target.json declares (forge)', async () => {
    await mkdir(join(work, 'spec', 'my-forge'), { recursive: true });
    await cp(repoPath('spec', 'captures'), join(work, 'spec', 'captures'), { recursive: true });
    await cp(repoPath('spec', 'overlays'), join(work, 'spec', 'overlays'), { recursive: true });
    await writeFile(
      join(work, 'spec', 'my-forge', 'target.json'),
      JSON.stringify({ fork: 'forge', capture: 'forge-dfdcbab.openapi.json' }),
    );
    const result = await runPipeline({ specDir: join(work, 'spec'), outDir: join(work, 'generated') });
    expect(result.files.get(join(work, 'spec', 'my-forge', 'openapi.json'))).toBe(await committed('forge-2'));
    expect(result.warnings).toEqual([
      `${join(work, 'spec', 'my-forge', 'overlays')} not found: using the forge overlays shipped with @sdwebui/spec (${join(SHIPPED_OVERLAYS_DIR, 'forks', 'forge')}); copy them there to change them`,
    ]);
  });

  it('gets the shipped sdnext overlays, and none of the shared ones, for an SD.Next target of its own', async () => {
    await mkdir(join(work, 'spec', 'my-sdnext'), { recursive: true });
    await cp(repoPath('spec', 'sdnext', 'openapi.raw.json'), join(work, 'spec', 'my-sdnext', 'openapi.raw.json'));
    await writeFile(
      join(work, 'spec', 'my-sdnext', 'target.json'),
      JSON.stringify({ fork: 'sdnext', sharedOverlays: false }),
    );
    const result = await runPipeline({ specDir: join(work, 'spec'), outDir: join(work, 'generated') });
    expect(result.files.get(join(work, 'spec', 'my-sdnext', 'openapi.json'))).toBe(await committed('sdnext'));
  });

  it('uses a folder of its own when it has one, silently', async () => {
    await cp(repoPath('spec', 'a1111-1.10', 'openapi.raw.json'), join(work, 'spec', 'a1111-1.10', 'openapi.raw.json'));
    await mkdir(join(work, 'spec', 'overlays'));
    const result = await runPipeline({ specDir: join(work, 'spec'), outDir: join(work, 'generated') });
    expect(result.warnings).toEqual([]);
    expect(result.files.get(join(work, 'spec', 'a1111-1.10', 'openapi.json'))).not.toBe(await committed('a1111-1.10'));
  });
});
