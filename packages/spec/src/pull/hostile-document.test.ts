import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readJson, repoPath } from '../testing/fixtures.js';
import { pullSpec, SpecPullError } from './index.js';

const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;
const HOSTILE_VERSION = 'f2.0.1\u001b]0;pwned\u0007\u001b[2J\u001b]52;c;Y3VybCBldmlsLnNoIHwgc2g=\u0007\u009b31m';

let outDir: string;
beforeEach(async () => {
  outDir = await mkdtemp(join(tmpdir(), 'sdwebui-pull-hostile-'));
  await writeFile(join(outDir, 'meta.json'), '{"old":true}\n');
});
afterEach(() => rm(outDir, { recursive: true, force: true }));

/** A server answering `/openapi.json` with `document`, sysinfo with `version`, 404 elsewhere. */
function server(document: unknown, version: string = 'v1.10.1'): typeof fetch {
  return async (input) => {
    const path = new URL(String(input)).pathname;
    if (path === '/openapi.json') return Response.json(document);
    if (path === '/internal/sysinfo') return Response.json({ Version: version });
    return new Response('{"detail":"Not Found"}', { status: 404 });
  };
}

const webuiDocument = (extra: Record<string, unknown> = {}) => ({
  openapi: '3.0.2',
  info: { title: 'FastAPI', version: '0.1.0' },
  paths: { '/sdapi/v1/samplers': { get: { responses: { '200': { description: 'ok', ...extra } } } } },
});

async function failure(promise: Promise<unknown>): Promise<SpecPullError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(SpecPullError);
  // Nothing was written: the previous meta.json is as it was, and no spec appeared.
  expect(await readdir(outDir)).toEqual(['meta.json']);
  expect(await readFile(join(outDir, 'meta.json'), 'utf8')).toBe('{"old":true}\n');
  return error as SpecPullError;
}

describe('pullSpec refuses a document it must not keep', () => {
  it.each(['/dev/zero', 'http://169.254.169.254/latest/meta-data', '../../.env'])(
    'one with a $ref to %s',
    async (ref) => {
      const document = webuiDocument({ content: { 'application/json': { schema: { $ref: ref } } } });
      const error = await failure(
        pullSpec({ url: 'http://webui.test', outDir, fetch: server(document), scripts: false }),
      );
      expect(error.code).toBe('external-ref');
      expect(error.message).toMatch(/^http:\/\/webui\.test\/openapi\.json: the OpenAPI document refers outside itself/);
    },
  );

  it('one without a /sdapi/v1 operation (SD.Next v2 only), saying what it has', async () => {
    const paths = Object.fromEntries(
      Array.from({ length: 128 }, (_, i) => [`/sdapi/v2/jobs/${i}`, { get: { responses: {} } }]),
    );
    const document = { openapi: '3.1.0', info: {}, paths };
    const error = await failure(
      pullSpec({ url: 'http://webui.test', outDir, fetch: server(document), scripts: false }),
    );
    expect(error.code).toBe('no-webui-api');
    expect(error.message).toMatch(/no \/sdapi\/v1 operation.*128 paths: \/sdapi\/v2 \(128\)/);
  });
});

describe('pullSpec on a hostile version string', () => {
  it('prints and writes no control characters (title, screen clear, OSC 52 clipboard)', async () => {
    const result = await pullSpec({
      url: 'http://webui.test',
      outDir,
      fetch: server(webuiDocument(), HOSTILE_VERSION),
      scripts: false,
    });
    expect(result.meta.webuiVersion).toBe('f2.0.1]0;pwned[2J]52;c;Y3VybCBldmlsLnNoIHwgc2g=31m');
    const meta = await readFile(join(outDir, 'meta.json'), 'utf8');
    expect(meta).not.toMatch(CONTROL);
    expect(meta).not.toMatch(/\\u001b|\\u0007|\\u009b/);
  });
});

describe('pullSpec on hostile script answers', () => {
  // Before, a script-info default nested 20,000 deep (40 kB) reached JSON.stringify when
  // scripts.json was written: "Maximum call stack size exceeded" failed the whole pull.
  it('keeps the spec and the script list when script-info nests deeper than any real value', async () => {
    const deep = `${'['.repeat(20_000)}${']'.repeat(20_000)}`;
    const fetchDeep: typeof fetch = async (input) => {
      const path = new URL(String(input)).pathname;
      if (path === '/sdapi/v1/scripts') return Response.json({ txt2img: ['x/y/z plot'], img2img: [] });
      if (path === '/sdapi/v1/script-info')
        return new Response(`[{"name":"x/y/z plot","args":[{"label":"X values","value":${deep}}]}]`);
      return server(webuiDocument())(input);
    };
    const result = await pullSpec({ url: 'http://webui.test', outDir, fetch: fetchDeep });
    expect(result.warnings.join('\n')).toMatch(/script-info.*value nests more than 32 levels deep/);
    const scripts = JSON.parse(await readFile(join(outDir, 'scripts.json'), 'utf8'));
    expect(scripts.scripts).toEqual({ txt2img: ['x/y/z plot'], img2img: [] });
    expect(scripts.scriptInfo).toBeNull();
  });
});

describe('pullSpec records what kind of document it pulled', () => {
  it('Forge: OpenAPI 3.1 from pydantic v2, and where its paths go', async () => {
    const forge = await readJson(repoPath('spec', 'captures', 'forge-dfdcbab.openapi.json'));
    const result = await pullSpec({
      url: 'http://webui.test',
      outDir,
      fetch: server(forge, 'f2.0.1v1.10.1-previous-669-gdfdcbab6'),
      scripts: false,
    });
    expect(result.meta).toMatchObject({
      openapi: '3.1.0',
      framework: 'pydantic-v2',
      webuiVersion: 'f2.0.1v1.10.1-previous-669-gdfdcbab6',
    });
    expect(JSON.parse(await readFile(join(outDir, 'meta.json'), 'utf8'))).toMatchObject({
      openapi: '3.1.0',
      framework: 'pydantic-v2',
    });
    expect(result.routes).toEqual({ core: 39, extensions: {}, dropped: [{ prefix: '/internal', count: 3 }] });
  });

  it('A1111 1.10: OpenAPI 3.0 from pydantic v1, its extensions, the Gradio routes dropped', async () => {
    const a1111 = await readJson(repoPath('spec', 'captures', 'a1111-2025-03.openapi.json'));
    const result = await pullSpec({ url: 'http://webui.test', outDir, fetch: server(a1111), scripts: false });
    expect(result.meta).toMatchObject({ openapi: '3.0.2', framework: 'pydantic-v1' });
    expect(result.routes.core).toBe(41);
    expect(result.routes.extensions.controlnet).toBeGreaterThan(5);
    expect(result.routes.dropped).toContainEqual({ prefix: '/internal', count: expect.any(Number) });
    expect(result.routes.dropped).toContainEqual({ prefix: '/sd_extra_networks', count: expect.any(Number) });
  });
});
