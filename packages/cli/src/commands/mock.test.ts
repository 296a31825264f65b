import { execFile } from 'node:child_process';
import { request as httpRequest } from 'node:http';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { runCli } from '../index.js';
import { captureIo } from '../testing/io.js';

const capture = fileURLToPath(new URL('../../../../spec/captures/a1111-2023-07.openapi.json', import.meta.url));

describe('sdwebui mock', () => {
  it('serves the given spec at /openapi.json on loopback until stopped', async () => {
    const io = captureIo();
    let served: Uint8Array | undefined;
    const code = await runCli(['node', 'sdwebui', 'mock', '--port', '0', '--spec', capture], {
      io,
      untilStopped: async () => {
        const url = /listening on (\S+)/.exec(io.stdout.join('\n'))?.[1] as string;
        expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
        served = new Uint8Array(await (await fetch(`${url}/openapi.json`)).arrayBuffer());
      },
    });
    expect(code).toBe(0);
    expect(served).toEqual(new Uint8Array(await readFile(capture)));
  });

  it('class 9 of #12: reports the release the --spec file belongs to, and spec pull records it (or none)', async () => {
    const { pullSpec } = await import('@sdwebui/spec');
    const { mkdtemp, rm, writeFile } = await import('node:fs/promises');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const dir = await mkdtemp(join(tmpdir(), 'sdwebui-cli-spec-'));
    try {
      // A document the mock does not know (here: the 1.4 capture re-indented) stands for a v1.5 pull.
      const other = join(dir, 'v1.5.openapi.json');
      await writeFile(other, JSON.stringify(JSON.parse(await readFile(capture, 'utf8')), null, 1));
      for (const [file, version] of [
        [capture, 'v1.4.1'],
        [other, null],
      ] as const) {
        const io = captureIo();
        let pulled: string | null | undefined;
        await runCli(['node', 'sdwebui', 'mock', '--port', '0', '--spec', file], {
          io,
          untilStopped: async () => {
            const url = /listening on (\S+)/.exec(io.stdout.join('\n'))?.[1] as string;
            pulled = (await pullSpec({ url, outDir: join(dir, 'pulled') })).meta.webuiVersion;
          },
        });
        expect(io.stdout[0], file).toContain(`--spec ${file}: ${version ?? 'unknown webui version'})`);
        expect(pulled, file).toBe(version);
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('exits 2 when the spec file is missing', async () => {
    const io = captureIo();
    expect(
      await runCli(['node', 'sdwebui', 'mock', '--spec', '/nonexistent.json'], { io, untilStopped: async () => {} }),
    ).toBe(2);
    expect(io.stderr).toEqual(['error: cannot read --spec /nonexistent.json: no such file']);
  });

  // Issue #24: `mock --spec /etc/passwd` started and served it as a webui's API.
  it('exits 2, serving nothing, when the spec file is not an OpenAPI document', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sdwebui-cli-mock-spec-'));
    try {
      const passwd = join(dir, 'passwd');
      await writeFile(passwd, 'root:x:0:0:root:/root:/bin/bash\n');
      let started = false;
      const io = captureIo();
      const code = await runCli(['node', 'sdwebui', 'mock', '--port', '0', '--spec', passwd], {
        io,
        untilStopped: async () => {
          started = true;
        },
      });
      expect(code).toBe(2);
      expect(started).toBe(false);
      expect(io.stdout).toEqual([]);
      expect(io.stderr).toEqual([expect.stringMatching(/^error: --spec .*passwd: the spec is not JSON \(/)]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('sdwebui mock options', () => {
  it('--profile forge-2 behaves like Forge: its version, sd-modules, no sd-vae, {detail} errors', async () => {
    const io = captureIo();
    const code = await runCli(['node', 'sdwebui', 'mock', '--port', '0', '--profile', 'forge-2'], {
      io,
      untilStopped: async () => {
        const url = /listening on (\S+)/.exec(io.stdout.join('\n'))?.[1] as string;
        const sysinfo = (await (await fetch(`${url}/internal/sysinfo`)).json()) as { Version: string };
        expect(sysinfo.Version).toBe('f2.0.1v1.10.1-previous-669-gdfdcbab6');
        expect((await fetch(`${url}/sdapi/v1/sd-modules`)).status).toBe(200);
        expect((await fetch(`${url}/sdapi/v1/sd-vae`)).status).toBe(404);
        const script = await fetch(`${url}/sdapi/v1/txt2img`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ prompt: 'p', steps: 1, script_name: 'nope' }),
        });
        expect([script.status, await script.json()]).toEqual([422, { detail: "Script 'nope' not found" }]);
      },
    });
    expect(code).toBe(0);
  });

  it('emulates the chosen profile with auth, faults and step time', async () => {
    const io = captureIo();
    const code = await runCli(
      [
        'node',
        'sdwebui',
        'mock',
        '--port',
        '0',
        '--profile',
        'a1111-1.7',
        '--api-auth',
        'u:p',
        '--step-ms',
        '1',
        '--fault',
        'GET /sdapi/v1/memory:status=503',
      ],
      {
        io,
        untilStopped: async () => {
          const url = /listening on (\S+)/.exec(io.stdout.join('\n'))?.[1] as string;
          const headers = { authorization: `Basic ${Buffer.from('u:p').toString('base64')}` };
          expect((await fetch(`${url}/sdapi/v1/samplers`)).status).toBe(401);
          const samplers = (await (await fetch(`${url}/sdapi/v1/samplers`, { headers })).json()) as Array<{
            name: string;
          }>;
          expect(samplers[0]?.name).toBe('DPM++ 2M Karras');
          expect((await fetch(`${url}/sdapi/v1/memory`, { headers })).status).toBe(503);
        },
      },
    );
    expect(code).toBe(0);
    expect(io.stdout[0]).toMatch(/^mock webui \(a1111-1\.7\) listening on http:\/\/127\.0\.0\.1:\d+/);
  });

  it('--profile sdnext behaves like SD.Next: its version route, JPEG images, 204 interrupt, the rate limiter as set', async () => {
    const io = captureIo();
    const code = await runCli(['node', 'sdwebui', 'mock', '--port', '0', '--profile', 'sdnext', '--rate-limit', '1'], {
      io,
      untilStopped: async () => {
        const url = /listening on (\S+)/.exec(io.stdout.join('\n'))?.[1] as string;
        const version = (await (await fetch(`${url}/sdapi/v1/version`)).json()) as { app: string };
        expect(version.app).toBe('sd.next');
        expect((await fetch(`${url}/sdapi/v1/version`)).status).toBe(429);
        const made = await fetch(`${url}/sdapi/v1/txt2img`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ prompt: 'p', steps: 1, width: 64, height: 64 }),
        });
        // Cost 5 over a limit of 1: refused, after the job ran.
        expect(made.status).toBe(429);
        expect(made.headers.has('retry-after')).toBe(false);
        expect((await fetch(`${url}/sdapi/v1/interrupt`, { method: 'POST' })).status).toBe(204);
      },
    });
    expect(code).toBe(0);
    expect(io.stdout[0]).toMatch(/^mock webui \(sdnext\) listening on/);
  });

  it('--rate-limit off and --openapi-error', async () => {
    const io = captureIo();
    await runCli(
      ['node', 'sdwebui', 'mock', '--port', '0', '--profile', 'sdnext', '--rate-limit', 'off', '--openapi-error'],
      {
        io,
        untilStopped: async () => {
          const url = /listening on (\S+)/.exec(io.stdout.join('\n'))?.[1] as string;
          for (let i = 0; i < 320; i++) expect((await fetch(`${url}/sdapi/v1/version`)).status).toBe(200);
          expect((await fetch(`${url}/openapi.json`)).status).toBe(500);
        },
      },
    );
  });

  it.each([
    [['--profile', 'a1111-9'], /--profile must be one of a1111-1\.10, a1111-1\.7, a1111-1\.4, forge-2, sdnext/],
    [['--rate-limit', 'some'], /^error: --rate-limit must be a whole number from 0 to 1000000, got "some"$/],
    [['--rate-limit', '5'], /^error: --rate-limit is for --profile sdnext$/],
    [['--openapi-error'], /^error: --openapi-error is for --profile sdnext$/],
    [['--fault', 'nonsense'], /fault "nonsense" must look like ROUTE:key=value/],
    [['--api-auth', 'nopass'], /must be user:password/],
    [['--port', '70000'], /^error: --port must be a whole number from 0 to 65535, got "70000"$/],
    [['--step-ms', '-1'], /^error: --step-ms must be a whole number from 0 to 600000, got "-1"$/],
    [['--extensions', 'controlnet,reactor'], /unknown extension "reactor": use controlnet, adetailer or none/],
  ])('exits 2 for %j', async (args, message) => {
    const io = captureIo();
    expect(
      await runCli(['node', 'sdwebui', 'mock', '--port', '0', ...args], { io, untilStopped: async () => {} }),
    ).toBe(2);
    expect(io.stderr.join('\n')).toMatch(message);
  });
});

describe('sdwebui mock --extensions', () => {
  it.each([
    ['none', 404, []],
    ['controlnet', 200, ['sd-webui-controlnet']],
  ])('--extensions %s: /controlnet/version %i, /sdapi/v1/extensions lists %j', async (value, status, names) => {
    const io = captureIo();
    const code = await runCli(['node', 'sdwebui', 'mock', '--port', '0', '--extensions', value], {
      io,
      untilStopped: async () => {
        const url = /listening on (\S+)/.exec(io.stdout.join('\n'))?.[1] as string;
        expect((await fetch(`${url}/controlnet/version`)).status).toBe(status);
        expect((await fetch(`${url}/adetailer/v1/version`)).status).toBe(404);
        const rows = (await (await fetch(`${url}/sdapi/v1/extensions`)).json()) as Array<{ name: string }>;
        expect(rows.map((row) => row.name)).toEqual(names);
        if (status === 200) {
          const unit = { enabled: true, module: 'canny', weight: 9 };
          const body = JSON.stringify({
            steps: 1,
            width: 8,
            height: 8,
            alwayson_scripts: { controlnet: { args: [unit] } },
          });
          const headers = { 'content-type': 'application/json' };
          expect((await fetch(`${url}/sdapi/v1/txt2img`, { method: 'POST', body, headers })).status).toBe(200);
        }
      },
    });
    expect(code).toBe(0);
    // What the webui's console would show: the refused unit, on stderr.
    if (status === 200) expect(io.stderr.join('\n')).toContain('ensure this value is less than or equal to 2');
  });
});

describe('sdwebui record', () => {
  it('records through a proxy in front of a webui (a mock)', async () => {
    const { createMockServer } = await import('@sdwebui/mock');
    const { mkdtemp, readdir, rm } = await import('node:fs/promises');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const upstream = await createMockServer();
    const out = await mkdtemp(join(tmpdir(), 'sdwebui-cli-record-'));
    try {
      const io = captureIo();
      const code = await runCli(['node', 'sdwebui', 'record', '--target', upstream.url, '--out', out, '--port', '0'], {
        io,
        untilStopped: async () => {
          const url = /through (\S+) into/.exec(io.stdout.join('\n'))?.[1] as string;
          expect((await fetch(`${url}/sdapi/v1/samplers`)).status).toBe(200);
        },
      });
      expect(code).toBe(0);
      expect(io.stdout.at(-1)).toMatch(/^recorded .*-0001-get-sdapi-v1-samplers\.json$/);
      expect((await readdir(out)).filter((name) => name.endsWith('.json'))).toHaveLength(1);
    } finally {
      await upstream.close();
      await rm(out, { recursive: true, force: true });
    }
  });
});

describe('sdwebui record --allow-host', () => {
  /** A GET with the Host header given (fetch sets its own). */
  const statusWithHost = (url: string, host: string) =>
    new Promise<number>((resolve, reject) => {
      const request = httpRequest(`${url}/sdapi/v1/samplers`, { headers: { host }, agent: false }, (response) => {
        response.resume();
        resolve(response.statusCode ?? 0);
      });
      request.on('error', reject);
      request.end();
    });

  it('answers the names it allows and refuses every other Host (DNS rebinding)', async () => {
    const { createMockServer } = await import('@sdwebui/mock');
    const { mkdtemp, rm } = await import('node:fs/promises');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const upstream = await createMockServer();
    const out = await mkdtemp(join(tmpdir(), 'sdwebui-cli-record-hosts-'));
    try {
      const io = captureIo();
      const seen: number[] = [];
      const args = ['record', '--target', upstream.url, '--out', out, '--port', '0', '--allow-host', 'studio.lan,Box'];
      const code = await runCli(['node', 'sdwebui', ...args], {
        io,
        untilStopped: async () => {
          const url = /through (\S+) into/.exec(io.stdout.join('\n'))?.[1] as string;
          const port = new URL(url).port;
          for (const host of [`studio.lan:${port}`, `box:${port}`, `attacker.example:${port}`])
            seen.push(await statusWithHost(url, host));
        },
      });
      expect(code).toBe(0);
      expect(seen).toEqual([200, 200, 403]);
      const bad = captureIo();
      expect(
        await runCli(['node', 'sdwebui', 'record', '--target', upstream.url, '--out', out, '--allow-host', 'a:1'], {
          io: bad,
        }),
      ).toBe(2);
      expect(bad.stderr.join('\n')).toContain('--allow-host takes host names or addresses without a port, got "a:1"');
    } finally {
      await upstream.close();
      await rm(out, { recursive: true, force: true });
    }
  });
});

describe('sdwebui record credentials', () => {
  it('takes them from --target or --auth, sends them upstream, never prints them', async () => {
    const { createMockServer } = await import('@sdwebui/mock');
    const { mkdtemp, rm } = await import('node:fs/promises');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const upstream = await createMockServer({ apiAuth: 'me:upstream-secret' });
    const out = await mkdtemp(join(tmpdir(), 'sdwebui-cli-record-auth-'));
    try {
      for (const args of [
        ['--target', upstream.url.replace('http://', 'http://me:upstream-secret@')],
        ['--target', upstream.url, '--auth', 'me:upstream-secret'],
      ]) {
        const io = captureIo();
        let status = 0;
        const code = await runCli(['node', 'sdwebui', 'record', ...args, '--out', out, '--port', '0'], {
          io,
          env: {},
          untilStopped: async () => {
            const url = /through (\S+) into/.exec(io.stdout.join('\n'))?.[1] as string;
            status = (await fetch(`${url}/sdapi/v1/samplers`)).status;
          },
        });
        expect(code).toBe(0);
        expect(status).toBe(200);
        expect(io.stdout[0]).toMatch(/^recording http:\/\/127\.0\.0\.1:\d+ through /);
        expect([...io.stdout, ...io.stderr].join('\n')).not.toContain('upstream-secret');
      }
    } finally {
      await upstream.close();
      await rm(out, { recursive: true, force: true });
    }
  });
});

describe('the sdwebui bin', () => {
  it('runs from the built package and prints help', async () => {
    const bin = fileURLToPath(new URL('../../bin/sdwebui.js', import.meta.url));
    const { stdout } = await promisify(execFile)(process.execPath, [bin, '--help']);
    expect(stdout).toContain('Usage: sdwebui [options] [command]');
    expect(stdout).toContain('spec');
    expect(stdout).toContain('mock');
  });
});
