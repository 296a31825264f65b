import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UsageError } from '../errors.js';
import { cliVersion } from '../version.js';
import { loadOptionalPeer } from './index.js';

// A module outside the workspace imports what is not installed there, as an installed CLI without
// its optional peers does.
let outside: string;
beforeAll(async () => {
  outside = await mkdtemp(join(tmpdir(), 'sdwebui-peers-'));
  await writeFile(join(outside, 'uses-spec.mjs'), "export * from '@sdwebui/spec';\n");
  await writeFile(join(outside, 'uses-other.mjs'), "export * from 'some-dependency-of-the-peer';\n");
});
afterAll(() => rm(outside, { recursive: true, force: true }));
const importOutside = (file: string) => () => import(pathToFileURL(join(outside, file)).href);

describe('loadOptionalPeer', () => {
  it('loads an installed peer', async () => {
    const spec = await loadOptionalPeer('@sdwebui/spec', () => import('@sdwebui/spec'));
    expect(typeof spec.runPipeline).toBe('function');
  });

  it('names the commands and the npm line when the peer is not installed (exit 2)', async () => {
    const error = await loadOptionalPeer('@sdwebui/spec', importOutside('uses-spec.mjs')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).toBe(
      `sdwebui spec need @sdwebui/spec, which is not installed: npm i @sdwebui/spec@${cliVersion()} (next to @sdwebui/cli; add -g for a global sdwebui)`,
    );
  });

  it('rethrows a missing dependency of the peer as it is', async () => {
    const error = await loadOptionalPeer('@sdwebui/spec', importOutside('uses-other.mjs')).catch((e: unknown) => e);
    expect(error).not.toBeInstanceOf(UsageError);
    expect((error as { code?: string }).code).toBe('ERR_MODULE_NOT_FOUND');
  });

  it('refuses a peer from another minor of the 0.x line, accepts another patch', async () => {
    const [major, minor] = cliVersion().split('.').map(Number);
    const error = await loadOptionalPeer(
      '@sdwebui/queue',
      () => import('@sdwebui/queue'),
      `${major}.${Number(minor) + 1}.0`,
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).toMatch(
      /^@sdwebui\/queue \d+\.\d+\.\d+ is installed, but sdwebui \d+\.\d+\.0 needs /,
    );
    await expect(
      loadOptionalPeer('@sdwebui/queue', () => import('@sdwebui/queue'), `${major}.${minor}.99`),
    ).resolves.toBeDefined();
  });
});
