import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMockServer, type MockServer } from '@sdwebui/mock';
import { runCli } from '../index.js';
import { createHostileServer } from '../testing/hostile-server.js';
import { captureIo } from '../testing/io.js';

const repo = fileURLToPath(new URL('../../../../', import.meta.url));
const sdwebui = (io: ReturnType<typeof captureIo>, ...args: string[]) => runCli(['node', 'sdwebui', ...args], { io });

let work: string;
let server: MockServer | undefined;
beforeEach(async () => {
  work = await mkdtemp(join(tmpdir(), 'sdwebui-cli-'));
});
afterEach(async () => {
  await server?.close();
  server = undefined;
  await rm(work, { recursive: true, force: true });
});

describe('sdwebui spec pull', () => {
  it('pulls from a running webui (the mock) and says what it wrote', async () => {
    const spec = new Uint8Array(await readFile(join(repo, 'spec', 'captures', 'a1111-2024-04.openapi.json')));
    server = await createMockServer({ spec, profile: 'a1111-1.7' });
    const io = captureIo();
    expect(await sdwebui(io, 'spec', 'pull', '--url', server.url, '--out', join(work, 'a1111-1.7'))).toBe(0);
    expect(io.stdout.join('\n')).toMatch(
      /^pulled 277040 bytes from http:\/\/127\.0\.0\.1:\d+\/openapi\.json \(sha256 b20891b90300…, webui v1\.7\.0\) into /,
    );
    expect(new Uint8Array(await readFile(join(work, 'a1111-1.7', 'openapi.raw.json')))).toEqual(spec);
  });

  it('exits 1 with advice when the webui is not running', async () => {
    const stopped = await createMockServer();
    await stopped.close();
    const io = captureIo();
    expect(await sdwebui(io, 'spec', 'pull', '--url', stopped.url, '--out', work, '--timeout', '2000')).toBe(1);
    expect(io.stderr).toEqual([
      `error: cannot reach ${stopped.url}/openapi.json: ECONNREFUSED. Is the webui running, started with --api?`,
    ]);
  });

  it('exits 2 on usage errors', async () => {
    const io = captureIo();
    expect(await runCli(['node', 'sdwebui', 'spec', 'pull', '--out', work], { io, env: {} })).toBe(2);
    expect(io.stderr).toEqual(['error: which webui? pass --url http://host:7860 or set SDWEBUI_URL']);
    expect(await sdwebui(captureIo(), 'spec', 'pull', '--url', 'http://x', '--out', work, '--timeout', 'soon')).toBe(2);
    expect(await sdwebui(captureIo(), 'no-such-command')).toBe(2);
  });
});

describe('sdwebui spec gen --check and spec normalize', () => {
  it('fails on a stale generated file and passes after gen', async () => {
    await cp(
      join(repo, 'spec', 'a1111-1.10', 'openapi.raw.json'),
      join(work, 'spec', 'a1111-1.10', 'openapi.raw.json'),
    );
    await cp(join(repo, 'spec', 'overlays'), join(work, 'spec', 'overlays'), { recursive: true });
    const dirs = ['--spec-dir', join(work, 'spec'), '--out-dir', join(work, 'generated')];
    const stale = captureIo();
    expect(await sdwebui(stale, 'spec', 'gen', ...dirs, '--check')).toBe(1);
    expect(stale.stderr.join('\n')).toContain('out of date (run `pnpm spec:gen` and commit)');

    const normalize = captureIo();
    expect(await sdwebui(normalize, 'spec', 'normalize', ...dirs)).toBe(0);
    expect(normalize.stdout.join('\n')).toMatch(
      /^a1111-1\.10: 41 core paths, 7 extensions, 21 machine defaults removed, \d+ overlay entries; dropped 40 paths outside \/sdapi\/v1 and the SDK's \/internal routes: \/sd_extra_networks \(4\), \/internal \(3\), .*, 16 more prefixes$/,
    );

    const gen = captureIo();
    expect(await sdwebui(gen, 'spec', 'gen', ...dirs)).toBe(0);
    expect(gen.stdout[0]).toMatch(/^wrote 12 files for a1111-1\.10 in \d+ ms$/);
    expect(gen.stdout[1]).toMatch(/^a1111-1\.10 \(OpenAPI 3\.0\.2\): 41 core paths; dropped 40 paths outside /);
    const check = captureIo();
    expect(await sdwebui(check, 'spec', 'gen', ...dirs, '--check')).toBe(0);
    expect(check.stdout).toEqual(['12 generated files are up to date (a1111-1.10)']);
  });
});

describe('sdwebui spec on documents it must refuse or clean', () => {
  it('gen refuses a document without /sdapi/v1 and says what it has', async () => {
    const paths = Object.fromEntries(Array.from({ length: 128 }, (_, i) => [`/sdapi/v2/jobs/${i}`, { get: {} }]));
    await writeFile(join(work, 'raw.json'), JSON.stringify({ openapi: '3.1.0', info: {}, paths }));
    await cp(join(work, 'raw.json'), join(work, 'spec', 'v2', 'openapi.raw.json'));
    const io = captureIo();
    const dirs = ['--spec-dir', join(work, 'spec'), '--out-dir', join(work, 'generated')];
    expect(await sdwebui(io, 'spec', 'gen', ...dirs)).toBe(1);
    expect(io.stderr.join('\n')).toMatch(
      /^error: the document has no \/sdapi\/v1 operation, so it is not a stable-diffusion webui API .*: \/sdapi\/v2 \(128\)$/,
    );
    expect(await readdir(work)).not.toContain('generated');
  });

  it('pull says what the document is and prints a hostile version string without control characters', async () => {
    const spec = new Uint8Array(await readFile(join(repo, 'spec', 'captures', 'forge-dfdcbab.openapi.json')));
    server = await createMockServer({ spec, profile: 'forge-2' });
    const hostile = await createHostileServer(server.url, (path, body) =>
      path === '/internal/sysinfo'
        ? { ...body, Version: 'f2.0.1\u001b]52;c;Y3VybCBldmlsLnNoIHwgc2g=\u0007\u001b[2J\u009b0m' }
        : undefined,
    );
    const io = captureIo();
    const run = sdwebui(io, 'spec', 'pull', '--url', hostile.url, '--out', join(work, 'forge'));
    expect(await run).toBe(0);
    await hostile.close();
    const printed = [...io.stdout, ...io.stderr].join('\n');
    expect(printed).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
    expect(io.stdout[0]).toContain('webui f2.0.1]52;c;Y3VybCBldmlsLnNoIHwgc2g=[2J0m)');
    expect(io.stdout[1]).toBe(
      "OpenAPI 3.1.0 (pydantic-v2): 39 core paths, 0 extensions; dropped 3 paths outside /sdapi/v1 and the SDK's /internal routes: /internal (3)",
    );
  });
});

describe('sdwebui spec diff', () => {
  it('prints a classified diff as JSON', async () => {
    const io = captureIo();
    const code = await sdwebui(
      io,
      'spec',
      'diff',
      join(repo, 'spec/a1111-1.7/openapi.json'),
      join(repo, 'spec/a1111-1.10/openapi.json'),
      '--json',
    );
    expect(code).toBe(0);
    const diff = JSON.parse(io.stdout.join('\n')) as {
      bump: string;
      changes: Array<{ operation: string; location: string; kind: string }>;
    };
    expect(diff.bump).toBe('major');
    expect(diff.changes).toContainEqual(
      expect.objectContaining({ operation: 'POST /sdapi/v1/txt2img', location: 'body.scheduler', kind: 'feature' }),
    );
  });

  it("lists Forge's differences from 1.10, the targets named", async () => {
    const io = captureIo();
    expect(await sdwebui(io, 'spec', 'diff', 'a1111-1.10', 'forge-2', '--spec-dir', join(repo, 'spec'))).toBe(0);
    const text = io.stdout.join('\n');
    for (const line of [
      'GET /sdapi/v1/sd-vae: operation removed',
      'POST /sdapi/v1/train/embedding: operation removed',
      'GET /sdapi/v1/sd-modules: operation added',
      'POST /sdapi/v1/txt2img body.distilled_cfg_scale: request field "distilled_cfg_scale" added (number | null)',
      'POST /sdapi/v1/txt2img body.hr_additional_modules: request field "hr_additional_modules" added (string[] | null)',
      'GET /sdapi/v1/options response.forge_preset: response field "forge_preset" added (string | null)',
      'every operation error.message: response field "message" added (string)',
      'GET /sdapi/v1/extensions response[].commit_date: type changed from string to integer',
      'GET /sdapi/v1/sd-models response[].hash: response field "hash" is now required',
    ]) {
      expect(text).toContain(line);
    }
    const files = captureIo();
    const [from, to] = ['spec/a1111-1.10/openapi.json', 'spec/forge-2/openapi.json'].map((path) => join(repo, path));
    expect(await sdwebui(files, 'spec', 'diff', from as string, to as string)).toBe(0);
    expect(files.stdout).toEqual(io.stdout);
  });

  // Issue #24: a missing file or a folder gave raw ENOENT/EISDIR and exit 1; what you typed is exit 2.
  it('exits 2, in one line, on a missing file, a folder or a file that is not an OpenAPI document', async () => {
    await writeFile(join(work, 'x.json'), '{"not":"openapi"}');
    const cases: Array<[string, RegExp]> = [
      [join(work, 'missing.json'), /^error: cannot read OLD .*missing\.json: no such file$/],
      [work, /^error: cannot read OLD .*: it is a folder$/],
      [join(work, 'x.json'), /^error: OLD .*x\.json is not an OpenAPI document: .*is not an OpenAPI 3\.x document$/],
    ];
    for (const [path, message] of cases) {
      const io = captureIo();
      expect(await sdwebui(io, 'spec', 'diff', path, path), path).toBe(2);
      expect(io.stderr, path).toHaveLength(1);
      expect(io.stderr[0], path).toMatch(message);
    }
  });
});

describe('sdwebui spec update (the "webui updated" workflow)', () => {
  it('pulls a different webui over the committed 1.10 target, regenerates, and writes a major changeset naming the affected SDK calls', async () => {
    await cp(join(repo, 'spec', 'a1111-1.10'), join(work, 'spec', 'a1111-1.10'), { recursive: true });
    await cp(join(repo, 'spec', 'overlays'), join(work, 'spec', 'overlays'), { recursive: true });
    await cp(
      join(repo, 'packages', 'client', 'src', 'generated', 'a1111-1.10.ts'),
      join(work, 'generated', 'a1111-1.10.ts'),
    );
    const older = new Uint8Array(await readFile(join(repo, 'spec', 'captures', 'a1111-2024-04.openapi.json')));
    server = await createMockServer({ spec: older, profile: 'a1111-1.7' });
    const io = captureIo();
    const args = [
      '--spec-dir',
      join(work, 'spec'),
      '--out-dir',
      join(work, 'generated'),
      '--changeset-dir',
      join(work, '.changeset'),
    ];
    expect(await sdwebui(io, 'spec', 'update', '--url', server.url, '--target', 'a1111-1.10', ...args)).toBe(0);
    const text = io.stdout.join('\n');
    expect(text).toMatch(
      /^pulled http:\/\/127\.0\.0\.1:\d+\/openapi\.json \(webui v1\.7\.0\) and regenerated 13 files for a1111-1\.10/,
    );
    expect(text).toContain('GET /sdapi/v1/schedulers: operation removed');
    expect(text).toContain('POST /sdapi/v1/txt2img body.scheduler: request field "scheduler" removed');
    expect(text).toMatch(/affected SDK calls: .*schedulers.*txt2img/);
    const [name] = await readdir(join(work, '.changeset'));
    const changeset = await readFile(join(work, '.changeset', name as string), 'utf8');
    expect(changeset.startsWith('---\n"@sdwebui/client": major\n---\n')).toBe(true);
    expect(changeset).toContain('- `GET /sdapi/v1/schedulers`: operation removed');
    expect(await readFile(join(work, 'generated', 'a1111-1.10.ts'), 'utf8')).not.toContain('"/sdapi/v1/schedulers"');
  });

  it("refuses a server of another fork than the target's target.json declares, and writes nothing", async () => {
    await cp(join(repo, 'spec', 'a1111-1.10'), join(work, 'spec', 'a1111-1.10'), { recursive: true });
    const files = ['openapi.raw.json', 'openapi.json', 'meta.json'];
    const before = await Promise.all(files.map((file) => readFile(join(work, 'spec', 'a1111-1.10', file))));
    server = await createMockServer({ profile: 'forge-2' });
    const io = captureIo();
    const args = ['--spec-dir', join(work, 'spec'), '--out-dir', join(work, 'generated')];
    args.push('--changeset-dir', join(work, '.changeset'));
    expect(await sdwebui(io, 'spec', 'update', '--url', server.url, '--target', 'a1111-1.10', ...args)).toBe(2);
    expect(io.stderr).toEqual([
      `error: ${join(work, 'spec', 'a1111-1.10')} types a1111 (its target.json), but ${server.url} is forge (f2.0.1v1.10.1-previous-669-gdfdcbab6): nothing was written. Pull it into a target of its own (--out spec/<name>, with a target.json naming "forge"), or pass --force to overwrite ${join(work, 'spec', 'a1111-1.10')}`,
    ]);
    expect(io.stdout).toEqual([]);
    const after = await Promise.all(files.map((file) => readFile(join(work, 'spec', 'a1111-1.10', file))));
    expect(after).toEqual(before);
    await expect(readdir(join(work, 'generated'))).rejects.toThrow(/ENOENT/);

    const pull = captureIo();
    const out = join(work, 'spec', 'a1111-1.10');
    expect(await sdwebui(pull, 'spec', 'pull', '--url', server.url, '--out', out)).toBe(2);
    expect(pull.stderr[0]).toMatch(/^error: .* types a1111 \(its target\.json\), but .* is forge /);
    expect(await readFile(join(out, 'openapi.raw.json'))).toEqual(before[0]);
  });

  it('names the server in the refusal without the control characters of its version string', async () => {
    await cp(join(repo, 'spec', 'a1111-1.10'), join(work, 'spec', 'a1111-1.10'), { recursive: true });
    server = await createMockServer({ profile: 'forge-2' });
    const hostile = await createHostileServer(server.url, (path, body) =>
      path === '/internal/sysinfo'
        ? { ...body, Version: `f2.0.1\u001b]52;c;Y3VybA==\u0007\u001b[2J${'x'.repeat(500)}` }
        : undefined,
    );
    const io = captureIo();
    const out = join(work, 'spec', 'a1111-1.10');
    expect(await sdwebui(io, 'spec', 'pull', '--url', hostile.url, '--out', out)).toBe(2);
    await hostile.close();
    expect(io.stderr).toHaveLength(1);
    expect(io.stderr[0]).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
    expect(io.stderr[0]).toContain(`is forge (f2.0.1]52;c;Y3VybA==[2J${'x'.repeat(57)}): nothing was written`);
  });

  it('overwrites it with --force, saying so', async () => {
    await cp(join(repo, 'spec', 'a1111-1.10'), join(work, 'spec', 'a1111-1.10'), { recursive: true });
    await cp(join(repo, 'spec', 'overlays'), join(work, 'spec', 'overlays'), { recursive: true });
    server = await createMockServer({ profile: 'forge-2' });
    const io = captureIo();
    const out = join(work, 'spec', 'a1111-1.10');
    expect(await sdwebui(io, 'spec', 'pull', '--url', server.url, '--out', out, '--force')).toBe(0);
    expect(io.stderr[0]).toMatch(
      /^warning: .* types a1111 \(its target\.json\), but .* is forge .*: overwriting it \(--force\)$/,
    );
    expect(JSON.parse(await readFile(join(out, 'meta.json'), 'utf8')).webuiVersion).toMatch(/^f2\./);
  });
});

describe('sdwebui spec gen in a folder without overlays/ (a spec folder made after an npm install)', () => {
  it('uses the overlays shipped with @sdwebui/spec and says so on stderr', async () => {
    await cp(join(repo, 'spec', 'a1111-1.10', 'openapi.raw.json'), join(work, 'spec', 'mine', 'openapi.raw.json'));
    const io = captureIo();
    const args = ['--spec-dir', join(work, 'spec'), '--out-dir', join(work, 'generated')];
    expect(await sdwebui(io, 'spec', 'gen', ...args)).toBe(0);
    expect(io.stderr).toEqual([
      expect.stringMatching(
        /^warning: .*\/spec\/overlays not found: using the 4 overlays shipped with @sdwebui\/spec \(.*\); copy them there to change them$/,
      ),
    ]);
    expect(await readFile(join(work, 'spec', 'mine', 'openapi.json'), 'utf8')).toBe(
      await readFile(join(repo, 'spec', 'a1111-1.10', 'openapi.json'), 'utf8'),
    );
  });
});
