import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createWebuiClient } from '../node.js';

const captures = new URL('../../../../spec/captures/', import.meta.url);
const document = async (file: string): Promise<unknown> =>
  JSON.parse(await readFile(fileURLToPath(new URL(file, captures)), 'utf8'));

/** A server answering with a fork's own `/openapi.json` and version, as the fork's API code does. */
function server(spec: unknown, version: string | null, sdnext = false): typeof fetch {
  return async (input) => {
    const path = new URL(input instanceof Request ? input.url : String(input)).pathname;
    if (path === '/openapi.json') return Response.json(spec);
    if (path === '/internal/sysinfo' && version !== null) return Response.json({ Version: version });
    if (path === '/sdapi/v1/version' && sdnext)
      return Response.json({ app: 'sd.next', updated: '2026-07-23', commit: '058a7f0cf', branch: 'master' });
    // A1111 has no /sdapi/v1/version; a server that answers it without SD.Next's `app` is not taken for SD.Next.
    if (path === '/sdapi/v1/version') return Response.json({ version: '1.0' });
    if (path === '/sdapi/v1/extensions') return Response.json([]);
    return Response.json({ detail: 'Not Found' }, { status: 404 });
  };
}

// The documents of spec/captures (the three forks' own API code, provenance in spec/README.md).
describe('detect() on each server its own document', () => {
  it.each([
    ['A1111 1.10.1', 'a1111-2025-03.openapi.json', 'v1.10.1', false, 'a1111'],
    ['Forge @ dfdcbab', 'forge-dfdcbab.openapi.json', 'f2.0.1v1.10.1-previous-669-gdfdcbab6', false, 'forge'],
    [
      'reForge @ 3b56b26',
      'reforge-3b56b26.control.openapi.json',
      'f1.0.0v2-v1.10.1RC-latest-2510-g3b56b268',
      false,
      'reforge',
    ],
    ['SD.Next @ 058a7f0', 'sdnext-058a7f0.openapi.json', null, true, 'sdnext'],
  ])('%s is %s', async (_, file, version, sdnext, fork) => {
    const client = createWebuiClient({
      baseUrl: 'http://webui.test',
      fetch: server(await document(file), version, sdnext),
    });
    const profile = await client.detect();
    expect(profile.fork).toBe(fork);
    // The three A1111-family servers have 1.10's scheduler field and task ids; SD.Next neither (its samplers
    // are diffusers schedulers, its progress reports its own job ids), though its schemas name `schedulers_*`.
    expect(profile.features).toMatchObject(
      fork === 'sdnext'
        ? { schedulers: false, taskIds: false, internalProgress: true, fork }
        : { schedulers: true, taskIds: true, fork },
    );
    if (fork === 'sdnext') expect(profile.version).toBe('sd.next 2026-07-23 058a7f0cf');
  });
});
