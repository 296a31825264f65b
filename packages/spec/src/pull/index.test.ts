import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMockServer, type Fault, type MockServer } from '@sdwebui/mock';
import { repoPath } from '../test-fixtures.js';
import { pullSpec, SpecPullError, type SpecPullErrorCode } from './index.js';

const capture = new Uint8Array(await readFile(repoPath('spec', 'captures', 'a1111-2025-03.openapi.json')));
const OLD_RAW = '{"openapi":"3.0.2","info":{},"paths":{},"old":true}';
const OLD_META = '{"old":true}\n';

let outDir: string;
const servers: MockServer[] = [];

async function mock(options: { spec?: Uint8Array; faults?: Fault[]; nowebui?: boolean } = {}): Promise<MockServer> {
  const server = await createMockServer({ spec: options.spec ?? capture, ...options });
  servers.push(server);
  return server;
}

beforeEach(async () => {
  outDir = await mkdtemp(join(tmpdir(), 'sdwebui-pull-'));
  await writeFile(join(outDir, 'openapi.raw.json'), OLD_RAW);
  await writeFile(join(outDir, 'meta.json'), OLD_META);
});

afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
  await rm(outDir, { recursive: true, force: true });
});

async function expectUntouched(): Promise<void> {
  expect(await readFile(join(outDir, 'openapi.raw.json'), 'utf8')).toBe(OLD_RAW);
  expect(await readFile(join(outDir, 'meta.json'), 'utf8')).toBe(OLD_META);
  expect((await readdir(outDir)).sort()).toEqual(['meta.json', 'openapi.raw.json']);
}

async function expectFailure(promise: Promise<unknown>, code: SpecPullErrorCode, message: RegExp): Promise<void> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(SpecPullError);
  expect((error as SpecPullError).code).toBe(code);
  expect((error as SpecPullError).message).toMatch(message);
  await expectUntouched();
}

describe('pullSpec against the mock webui', () => {
  it('writes the spec byte for byte with its provenance', async () => {
    const server = await mock();
    const { meta } = await pullSpec({ url: server.url, outDir, now: () => new Date('2026-01-02T03:04:05Z') });
    expect(new Uint8Array(await readFile(join(outDir, 'openapi.raw.json')))).toEqual(capture);
    expect(JSON.parse(await readFile(join(outDir, 'meta.json'), 'utf8'))).toEqual({
      sourceUrl: `${server.url}/openapi.json`,
      pulledAt: '2026-01-02T03:04:05.000Z',
      sha256: 'c0cdc670466ceacd3cbc3d5dbb7dd4185c4d8e505c78acc6070a96be05d1d81a',
      bytes: 300169,
      webuiVersion: 'v1.10.1',
    });
    expect(meta.webuiVersion).toBe('v1.10.1');
    expect((await readdir(outDir)).sort()).toEqual(['meta.json', 'openapi.raw.json']);
  });

  it('records a null version when /internal/sysinfo is absent (e.g. --nowebui)', async () => {
    const server = await mock({ nowebui: true });
    const { meta } = await pullSpec({ url: `${server.url}/openapi.json`, outDir });
    expect(meta.webuiVersion).toBeNull();
  });

  it('records a null version for a document the server cannot place (sysinfo "<none>"), never the profile\'s', async () => {
    const v15 = new TextEncoder().encode(`${new TextDecoder().decode(capture)}\n`);
    const { meta } = await pullSpec({ url: (await mock({ spec: v15 })).url, outDir });
    expect(meta.webuiVersion).toBeNull();
  });

  it('sends HTTP Basic credentials', async () => {
    const server = await mock();
    await pullSpec({ url: server.url, outDir, user: 'alice:s3cret:with-colon' });
    expect(server.requests[0]?.headers.authorization).toBe(`Basic ${Buffer.from('alice:s3cret:with-colon').toString('base64')}`);
  });
});

describe('every failure leaves the previous spec byte-identical', () => {
  it('unreachable host', async () => {
    const server = await mock();
    await server.close();
    servers.pop();
    await expectFailure(pullSpec({ url: server.url, outDir }), 'unreachable', /cannot reach .*ECONNREFUSED.*--api/);
  });

  it('401 without credentials', async () => {
    const server = await mock({ faults: [{ route: '/openapi.json', status: 401 }] });
    await expectFailure(pullSpec({ url: server.url, outDir }), 'unauthorized', /needs credentials.*--user/);
  });

  it('401 with wrong credentials', async () => {
    const server = await mock({ faults: [{ route: '/openapi.json', status: 401 }] });
    await expectFailure(pullSpec({ url: server.url, outDir, user: 'bob:nope' }), 'unauthorized', /rejected the credentials for "bob"/);
  });

  it('an HTTP error status', async () => {
    const server = await mock({ faults: [{ route: '/openapi.json', status: 500 }] });
    await expectFailure(pullSpec({ url: server.url, outDir }), 'http-status', /HTTP 500/);
  });

  it('a body that is not JSON', async () => {
    const server = await mock({ spec: new TextEncoder().encode('<html>Gradio</html>') });
    await expectFailure(pullSpec({ url: server.url, outDir }), 'not-json', /did not return JSON/);
  });

  it('JSON that is not OpenAPI 3', async () => {
    const server = await mock({ spec: new TextEncoder().encode('{"swagger":"2.0","paths":{}}') });
    await expectFailure(pullSpec({ url: server.url, outDir }), 'not-openapi', /not an OpenAPI 3\.x document \(openapi: "2\.0"\)/);
  });

  it('a connection dropped in the middle of the body', async () => {
    const server = await mock({ faults: [{ route: '/openapi.json', drop: 'mid-body' }] });
    await expectFailure(pullSpec({ url: server.url, outDir }), 'unreachable', /cannot reach/);
  });

  it('a server slower than the timeout', async () => {
    const server = await mock({ faults: [{ route: '/openapi.json', latencyMs: 1_000 }] });
    await expectFailure(pullSpec({ url: server.url, outDir, timeoutMs: 100 }), 'timeout', /within 100 ms/);
  });

  it('a malformed URL or --user', async () => {
    await expectFailure(pullSpec({ url: 'localhost:7860', outDir }), 'bad-argument', /http and https/);
    await expectFailure(pullSpec({ url: 'not a url', outDir }), 'bad-argument', /not a URL/);
    await expectFailure(pullSpec({ url: 'http://127.0.0.1:1', outDir, user: 'nocolon' }), 'bad-argument', /user:password/);
  });
});
