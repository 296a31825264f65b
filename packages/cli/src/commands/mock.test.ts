import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { runCli } from '../index.js';
import { captureIo } from '../test-io.js';

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

  it('exits 2 when the spec file is missing', async () => {
    const io = captureIo();
    expect(await runCli(['node', 'sdwebui', 'mock', '--spec', '/nonexistent.json'], { io, untilStopped: async () => {} })).toBe(2);
    expect(io.stderr).toEqual(['error: cannot read --spec /nonexistent.json: ENOENT (see --help)']);
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
