import * as sdk from '@sdwebui/client';
import { createMockServer, type MockServer } from '@sdwebui/mock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REFERENCE_REQUEST, runSubset, sha256Hex } from './index.js';

let mock: MockServer;
let digest: string;

beforeAll(async () => {
  mock = await createMockServer({ stepMs: 10, apiAuth: 'u:p', logRequests: false });
  const image = (await sdk.createWebuiClient({ baseUrl: mock.url, auth: 'u:p' }).txt2img(REFERENCE_REQUEST)).images[0];
  digest = await sha256Hex(image?.bytes ?? new Uint8Array());
});
afterAll(() => mock?.close());

describe('the contract subset, on this Node', () => {
  it('passes every check against the mock', async () => {
    const results = await runSubset(sdk, { baseUrl: mock.url, auth: 'u:p', referenceDigest: digest });
    expect(results.map((result) => [result.name, result.ok])).toEqual([
      ['typed calls', true],
      ['generation with progress', true],
      ['decoded image, same bytes everywhere', true],
      ['png-info and infotext', true],
      ['cancel', true],
      ['typed errors', true],
    ]);
  });

  it('fails the image check when the bytes differ from the reference, and says both', async () => {
    const results = await runSubset(sdk, { baseUrl: mock.url, auth: 'u:p', referenceDigest: '0'.repeat(64) });
    const image = results.find((result) => result.name === 'decoded image, same bytes everywhere');
    expect(image).toMatchObject({ ok: false });
    expect(image?.detail).toMatch(new RegExp(`sha256 ${digest.slice(0, 12)}…, not the reference 000000000000…`));
  });

  it('fails the error check against a mock without authentication, the others still run', async () => {
    const open = await createMockServer({ stepMs: 10, logRequests: false });
    try {
      const results = await runSubset(sdk, { baseUrl: open.url, auth: 'u:p', referenceDigest: digest });
      expect(results.filter((result) => !result.ok).map((result) => result.name)).toEqual(['typed errors']);
      expect(results.at(-1)?.detail).toBe('Error: no credentials: resolved');
    } finally {
      await open.close();
    }
  });

  it('gives the sha256 of the bytes in hex', async () => {
    expect(await sha256Hex(new TextEncoder().encode('abc'))).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
  });
});
