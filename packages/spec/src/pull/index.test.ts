import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMockServer, type Fault, type MockServer } from '@sdwebui/mock';
import { repoPath } from '../testing/fixtures.js';
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

/**
 * A server answering `/openapi.json` with `body`: the mock serves only OpenAPI documents, and these
 * tests need a webui (or a proxy in front of one) answering something else. Loopback, port 0.
 */
async function answering(body: string): Promise<{ url: string }> {
  const server = createServer((_request, response) =>
    response.writeHead(200, { 'content-type': 'application/json' }).end(body),
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  servers.push({ close: () => new Promise<void>((resolve) => server.close(() => resolve())) } as MockServer);
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
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
      openapi: '3.0.2',
      framework: 'pydantic-v1',
    });
    expect(meta.webuiVersion).toBe('v1.10.1');
    expect((await readdir(outDir)).sort()).toEqual(['meta.json', 'openapi.raw.json', 'scripts.json']);
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
    expect(server.requests[0]?.headers.authorization).toBe(
      `Basic ${Buffer.from('alice:s3cret:with-colon').toString('base64')}`,
    );
  });
});

describe('pullSpec captures the scripts into scripts.json', () => {
  const readScripts = async () => JSON.parse(await readFile(join(outDir, 'scripts.json'), 'utf8')) as unknown;
  const scriptInfo = [
    {
      name: 'x/y/z plot',
      is_alwayson: false,
      is_img2img: false,
      args: [
        { label: 'X type', value: 'Seed', minimum: null, maximum: null, step: null, choices: ['Nothing', 'Seed'] },
      ],
    },
  ];
  /** A server whose script routes answer what the test says; everything else comes from the mock. */
  const answering =
    (routes: Record<string, () => Response>): typeof fetch =>
    (input, init) => {
      const answer = routes[new URL(String(input)).pathname];
      return answer === undefined ? fetch(input, init) : Promise.resolve(answer());
    };

  it('writes both routes with the pull, atomically', async () => {
    const server = await mock();
    const fetchScripts = answering({ '/sdapi/v1/script-info': () => Response.json(scriptInfo) });
    const result = await pullSpec({ url: server.url, outDir, fetch: fetchScripts });
    const listed = await (await fetch(`${server.url}/sdapi/v1/scripts`)).json();
    expect(listed.txt2img).toContain('x/y/z plot');
    expect(result.scriptsPath).toBe(join(outDir, 'scripts.json'));
    expect(result.warnings).toEqual([]);
    expect(await readScripts()).toEqual({
      sourceUrl: server.url,
      scripts: listed,
      scriptInfo,
      unavailable: [],
    });
    expect((await readdir(outDir)).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });

  it('keeps going when the server lacks a route, and says so', async () => {
    const server = await mock({ faults: [{ route: '/sdapi/v1/script-info', status: 404 }] });
    const result = await pullSpec({ url: server.url, outDir });
    expect(result.warnings).toEqual([
      `${server.url}/sdapi/v1/script-info answered HTTP 404 (the server lacks the route)`,
    ]);
    expect(await readScripts()).toMatchObject({
      scripts: await (await fetch(`${server.url}/sdapi/v1/scripts`)).json(),
      scriptInfo: null,
      unavailable: result.warnings,
    });
    expect(new Uint8Array(await readFile(join(outDir, 'openapi.raw.json')))).toEqual(capture);
  });

  it('keeps the previous scripts.json when neither route answers', async () => {
    await writeFile(join(outDir, 'scripts.json'), '{"old":true}');
    const server = await mock({
      faults: [
        { route: '/sdapi/v1/scripts', status: 404 },
        { route: '/sdapi/v1/script-info', status: 500 },
      ],
    });
    const result = await pullSpec({ url: server.url, outDir });
    expect(result.scriptsPath).toBeNull();
    expect(result.warnings.at(-1)).toBe('no script information captured; scripts.json left as it was');
    expect(await readFile(join(outDir, 'scripts.json'), 'utf8')).toBe('{"old":true}');
  });

  it('refuses hostile answers without failing the pull: wrong shapes, junk, endless bodies', async () => {
    const server = await mock();
    let pulledChunks = 0;
    const endless = () =>
      new Response(
        new ReadableStream({
          pull(controller) {
            pulledChunks++;
            controller.enqueue(new Uint8Array(1024 * 1024).fill(32));
          },
        }),
        { status: 200 },
      );
    const hostile = answering({
      '/sdapi/v1/scripts': () => Response.json({ txt2img: [{ $ref: '../../etc/passwd' }] }),
      '/sdapi/v1/script-info': endless,
    });
    const result = await pullSpec({ url: server.url, outDir, fetch: hostile });
    expect(result.warnings[0]).toMatch(/\/sdapi\/v1\/scripts: txt2img\[0\] is not a string/);
    expect(result.warnings[1]).toMatch(/sent more than 33554432 bytes/);
    expect(pulledChunks).toBeLessThan(40);
    expect(result.scriptsPath).toBeNull();
    expect((await readdir(outDir)).sort()).toEqual(['meta.json', 'openapi.raw.json']);
  });

  it('prints no control characters a server put in its answer', async () => {
    const server = await mock();
    const hostileFetch = answering({
      '/sdapi/v1/script-info': () => Response.json([{ name: 'x\u001b[2J', args: 'no' }]),
    });
    const result = await pullSpec({ url: server.url, outDir, fetch: hostileFetch });
    expect(result.warnings[0]).toMatch(/script "x\[2J" args is not a list/);
    expect(result.warnings.join('')).not.toMatch(/[\u0000-\u001f]/);
  });

  it('captures no scripts when asked not to', async () => {
    const server = await mock();
    const result = await pullSpec({ url: server.url, outDir, scripts: false });
    expect(result).toMatchObject({ scriptsPath: null, warnings: [] });
    expect(server.requests.map((request) => request.path)).not.toContain('/sdapi/v1/scripts');
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
    await expectFailure(
      pullSpec({ url: server.url, outDir, user: 'bob:nope' }),
      'unauthorized',
      /rejected the credentials for "bob"/,
    );
  });

  it('an HTTP error status', async () => {
    const server = await mock({ faults: [{ route: '/openapi.json', status: 500 }] });
    await expectFailure(pullSpec({ url: server.url, outDir }), 'http-status', /HTTP 500/);
  });

  it('a body that is not JSON', async () => {
    const server = await answering('<html>Gradio</html>');
    await expectFailure(pullSpec({ url: server.url, outDir }), 'not-json', /did not return JSON/);
  });

  it('JSON that is not OpenAPI 3', async () => {
    const server = await answering('{"swagger":"2.0","paths":{}}');
    await expectFailure(
      pullSpec({ url: server.url, outDir }),
      'not-openapi',
      /not an OpenAPI 3\.x document \(openapi: "2\.0"\)/,
    );
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
    const withPassword = pullSpec({ url: 'http://me:s3cret@127.0.0.1:1', outDir });
    await expectFailure(withPassword, 'bad-argument', /^credentials in the URL are not supported: pass them as --user/);
    await withPassword.catch((error: Error) => expect(error.message).not.toContain('s3cret'));
    const noColon = pullSpec({ url: 'http://127.0.0.1:1', outDir, user: 'hunter2-alone' });
    await expectFailure(noColon, 'bad-argument', /user:password/);
    await noColon.catch((error: Error) => expect(error.message).not.toContain('hunter2'));
  });
});
