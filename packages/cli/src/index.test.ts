import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMockServer, type MockServer } from '@sdwebui/mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli, type CliOptions } from './index.js';
import { captureIo } from './testing/io.js';

let work: string;
let locked: MockServer;
beforeEach(async () => {
  work = await mkdtemp(join(tmpdir(), 'sdwebui-cli-index-'));
  locked = await createMockServer({ apiAuth: 'me:right-password' });
});
afterEach(async () => {
  await locked.close();
  await rm(work, { recursive: true, force: true });
});

const run = async (args: string[], options: CliOptions = {}) => {
  const io = captureIo();
  const code = await runCli(['node', 'sdwebui', ...args], { io, onInterrupt: () => {}, env: {}, ...options });
  return { code, out: io.stdout.join('\n'), err: io.stderr.join('\n') };
};
/** A server answering every request with one status and JSON body (loopback, port 0). */
async function answering(status: number, body: string) {
  const server = createServer((_request, response) =>
    response.writeHead(status, { 'content-type': 'application/json' }).end(body),
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}
const SDK_WORDS = /createWebuiClient|client\.\w+\(|auth: "|timeoutMs|--user\b/;

describe('credentials', () => {
  it('SDWEBUI_URL and SDWEBUI_AUTH stand in for --url and --auth; credentials in the URL work too', async () => {
    expect((await run(['models'], { env: { SDWEBUI_URL: locked.url, SDWEBUI_AUTH: 'me:right-password' } })).code).toBe(
      0,
    );
    const withCredentials = locked.url.replace('http://', 'http://me:right-password@');
    const result = await run(['models', '--url', withCredentials]);
    expect(result.code).toBe(0);
    expect(result.out).toContain('deliberate_v2');
  });

  // Issue #24: the SDK refuses credentials given twice, the CLI silently let one win and then blamed the other.
  it('refuses credentials given twice at one level, and a rejection names where they came from', async () => {
    const inUrl = locked.url.replace('http://', 'http://me:wrong-password@');
    expect(await run(['models', '--url', inUrl, '--auth', 'me:right-password'])).toEqual({
      code: 2,
      out: '',
      err: 'error: credentials given twice, in --auth and --url: give them once',
    });
    const env = { SDWEBUI_URL: inUrl, SDWEBUI_AUTH: 'me:right-password' };
    expect(await run(['models'], { env })).toMatchObject({
      code: 2,
      err: 'error: credentials given twice, in SDWEBUI_AUTH and SDWEBUI_URL: give them once',
    });
    // Flags win over the environment: --auth over SDWEBUI_URL's credentials.
    expect((await run(['models', '--auth', 'me:right-password'], { env: { SDWEBUI_URL: inUrl } })).code).toBe(0);
    const rejected = await run(['models', '--url', inUrl]);
    expect(rejected.err).toBe(
      'error: GET /sdapi/v1/sd-models: the webui rejected the credentials: check --url against its --api-auth',
    );
    const fromEnv = await run(['models'], { env: { SDWEBUI_URL: locked.url, SDWEBUI_AUTH: 'me:wrong-password' } });
    expect(fromEnv.err).toContain('check SDWEBUI_AUTH against its --api-auth');
  });

  it('never prints a secret: rejected --auth, URL credentials of a dead server, env in --help', async () => {
    const rejected = await run(['models', '--url', locked.url, '--auth', 'me:wrong-password']);
    expect(rejected).toEqual({
      code: 1,
      out: '',
      err: 'error: GET /sdapi/v1/sd-models: the webui rejected the credentials: check --auth against its --api-auth',
    });
    const stopped = await createMockServer();
    await stopped.close();
    const dead = await run(['txt2img', 'x', '--url', stopped.url.replace('http://', 'http://me:hunter2hunter2@')]);
    expect(dead.code).toBe(1);
    expect(dead.err).toMatch(
      /^error: cannot reach http:\/\/127\.0\.0\.1:\d+.* \(ECONNREFUSED\): is the webui running, started with --api, at this address\? \(--url or SDWEBUI_URL\)$/,
    );
    const pulled = await run([
      'spec',
      'pull',
      '--out',
      join(work, 't'),
      '--url',
      stopped.url.replace('http://', 'http://me:hunter2hunter2@'),
    ]);
    expect(pulled.code).toBe(1);
    const help = await run(['txt2img', '--help'], {
      env: { SDWEBUI_AUTH: 'me:envsecret99', SDWEBUI_URL: 'http://me:envsecret99@gpu:7860' },
    });
    expect(help.code).toBe(0);
    expect(help.out).toContain('--auth <user:pass>');
    for (const result of [rejected, dead, pulled, help])
      expect(`${result.out}\n${result.err}`).not.toMatch(/wrong-password|hunter2hunter2|envsecret99/);
  });

  it('speaks of its own flags: missing credentials, spec pull, unknown route, unknown sampler', async () => {
    const missing = await run(['models', '--url', locked.url]);
    expect(missing.err).toBe(
      'error: GET /sdapi/v1/sd-models: the webui requires credentials (it runs with --api-auth): pass --auth user:pass or set SDWEBUI_AUTH',
    );
    const needsAuth = await answering(401, '{"detail":"Not authenticated"}');
    const pull = await run(['spec', 'pull', '--url', needsAuth.url, '--out', join(work, 't')]);
    await needsAuth.close();
    expect(pull.err).toMatch(/needs credentials .*: pass --auth user:pass or set SDWEBUI_AUTH$/);

    const notWebui = await answering(404, '{"detail":"Not Found"}');
    const route = await run(['loras', '--url', notWebui.url]);
    await notWebui.close();
    expect(route.err).toBe(
      'error: GET /sdapi/v1/loras: no such route: is --url a webui started with --api, and does its version have this?',
    );

    const old = await createMockServer({ profile: 'a1111-1.7' });
    try {
      const sampler = await run([
        'txt2img',
        'x',
        '--steps',
        '1',
        '--set',
        'sampler_name=Nope',
        '--out-dir',
        work,
        '--url',
        old.url,
      ]);
      // Checked by the SDK before sending (a name from --set), in the CLI's words.
      expect(sampler.err).toBe('error: "Nope" is not a sampler on this webui (`sdwebui samplers` lists them)');
      expect(sampler.code).toBe(2);
      expect(sampler.err).not.toMatch(SDK_WORDS);
    } finally {
      await old.close();
    }
    for (const result of [missing, pull, route]) expect(result.err).not.toMatch(SDK_WORDS);
  });
});

describe('--version', () => {
  it("prints the package's version", async () => {
    const manifest = JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8')) as {
      version: string;
    };
    expect(await run(['--version'])).toEqual({ code: 0, out: manifest.version, err: '' });
  });
});
