import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readImageParameters } from '@sdwebui/infotext';
import { createMockServer, type MockServer } from '@sdwebui/mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli, type CliOptions } from '../index.js';
import { captureIo } from '../testing/io.js';

// The CLI against the mock's sdnext profile (SD.Next @ 058a7f0): it answers JPEGs whose EXIF holds
// the infotext, names its own samplers, and has its own routes. The CLI detects it (no flag).
let work: string;
// What the tests use of it (its `state` is SD.Next's own context).
let server: Pick<MockServer, 'url' | 'requests' | 'close'>;
beforeEach(async () => {
  work = await mkdtemp(join(tmpdir(), 'sdwebui-cli-sdnext-'));
  server = await createMockServer({ profile: 'sdnext', stepMs: 5 });
});
afterEach(async () => {
  await server.close();
  await rm(work, { recursive: true, force: true });
});

const sdwebui = (options: CliOptions, ...args: string[]) =>
  runCli(['node', 'sdwebui', ...args], { env: {}, onInterrupt: () => {}, ...options });
const exif = async (path: string) => readImageParameters(new Uint8Array(await readFile(path)));

describe('sdwebui on SD.Next', () => {
  it('txt2img writes the JPEG it sent as .jpg (not under the .png name asked for) and prints its infotext', async () => {
    const io = captureIo();
    const asked = join(work, 'puppy.png');
    const args = ['txt2img', 'puppy dog', '--steps', '3', '--size', '64x64', '--seed', '7', '--sampler', 'Euler a'];
    expect(await sdwebui({ io }, ...args, '-o', asked, '--url', server.url)).toBe(0);
    const written = join(work, 'puppy.jpg');
    expect(await readdir(work)).toEqual(['puppy.jpg']);
    const infotext = await exif(written);
    expect(infotext).toMatch(
      /^puppy dog\nNegative prompt: \nSteps: 3, Size: 64x64, Sampler: Euler a, .*Seed: 7, .*App: SD\.Next/,
    );
    expect(io.stdout.join('\n')).toBe(`${written}\n${infotext}`);
    expect(io.stderr).toEqual([`note: the webui sent image/jpeg, written as ${written}`]);

    // Asked again: the .jpg it would write exists, so nothing is sent (no generation thrown away after it ran).
    const again = captureIo();
    const generations = server.requests.length;
    expect(await sdwebui({ io: again }, ...args, '-o', asked, '--url', server.url)).toBe(1);
    expect(again.stderr.join('\n')).toContain(`${written} exists; pass --overwrite to replace it`);
    expect(server.requests.length).toBe(generations);
  });

  it('txt2img --out-dir names each image by seed with .jpg; an unknown sampler is refused before sending', async () => {
    const io = captureIo();
    expect(
      await sdwebui(
        { io },
        'txt2img',
        'two',
        '--steps',
        '1',
        '--size',
        '32x32',
        '--seed',
        '3',
        '--batch-size',
        '2',
        '--out-dir',
        work,
        '--url',
        server.url,
      ),
    ).toBe(0);
    expect((await readdir(work)).sort()).toEqual(['00000-3.jpg', '00001-4.jpg']);
    const refused = captureIo();
    const sent = server.requests.length;
    expect(await sdwebui({ io: refused }, 'txt2img', 'x', '--sampler', 'Euler aa', '--url', server.url)).not.toBe(0);
    expect(refused.stderr.join('\n')).toMatch(/Euler aa/);
    expect(server.requests.slice(sent).some((request) => request.path === '/sdapi/v1/txt2img')).toBe(false);
  });

  it('img2img from its own JPEG, png-info reads the JPEG locally, rerun generates it again', async () => {
    const io = captureIo();
    const source = join(work, 'source.jpg');
    const base = ['--steps', '2', '--size', '32x32', '--seed', '5', '--url', server.url];
    expect(await sdwebui({ io }, 'txt2img', 'a lighthouse', ...base, '-o', source)).toBe(0);
    const edited = join(work, 'edited.jpg');
    expect(await sdwebui({ io }, 'img2img', source, 'at night', '--denoise', '0.4', ...base, '-o', edited)).toBe(0);
    expect(await exif(edited)).toMatch(/^at night\n.*Denoising strength: 0\.4/s);

    const info = captureIo();
    expect(await sdwebui({ io: info }, 'png-info', source, '--json')).toBe(0);
    expect(JSON.parse(info.stdout[0] as string)).toMatchObject({ prompt: 'a lighthouse', seed: 5, steps: 2 });
    const plain = captureIo();
    expect(await sdwebui({ io: plain }, 'png-info', edited)).toBe(0);
    expect(plain.stdout).toEqual([await exif(edited)]);

    const again = join(work, 'again.jpg');
    expect(await sdwebui({ io }, 'rerun', source, '-o', again, '--url', server.url)).toBe(0);
    expect(await exif(again)).toBe(await exif(source));
  });

  it('models lists its checkpoints; a name in -o that is no image format is refused before sending', async () => {
    const io = captureIo();
    expect(await sdwebui({ io }, 'models', '--url', server.url)).toBe(0);
    expect(io.stdout[0]?.split('\n')).toContain('sd15/v1-5-pruned-emaonly [6ce0161689]');
    const refused = captureIo();
    expect(await sdwebui({ io: refused }, 'txt2img', 'x', '-o', join(work, 'x.gif'), '--url', server.url)).toBe(2);
    expect(refused.stderr[0]).toMatch(/name a \.png \(or \.jpg, \.webp\) file/);
  });
});
