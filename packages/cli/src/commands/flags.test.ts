import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMockServer, type MockServer } from '@sdwebui/mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli, type CliOptions } from '../index.js';
import { captureIo } from '../testing/io.js';
import { createHostileServer, type SeenRequest } from '../testing/hostile-server.js';

// What a person types into generation commands: checked before anything reaches the webui.

let work: string;
let mock: MockServer;
let proxy: Awaited<ReturnType<typeof createHostileServer>>;
beforeEach(async () => {
  work = await mkdtemp(join(tmpdir(), 'sdwebui-cli-flags-'));
  mock = await createMockServer();
  proxy = await createHostileServer(mock.url);
});
afterEach(async () => {
  await proxy.close();
  await mock.close();
  await rm(work, { recursive: true, force: true });
});

const run = async (args: string[], options: CliOptions = {}) => {
  const io = captureIo();
  const code = await runCli(['node', 'sdwebui', ...args], { io, onInterrupt: () => {}, env: {}, ...options });
  return { code, stdout: io.stdout, stderr: io.stderr };
};
const generations = () => proxy.requests.filter((request) => /\/(txt2img|img2img)$/.test(request.path));
const sent = () => generations().at(-1)?.body as Record<string, unknown>;

describe('numeric flags', () => {
  it.each([
    [['--steps', '-3'], '--steps must be a whole number from 1 to 10000, got "-3"'],
    [['--steps', '2.5'], '--steps must be a whole number from 1 to 10000, got "2.5"'],
    [['--cfg', 'high'], '--cfg must be a number from 0 to 100, got "high"'],
    [['--seed', '-2'], '--seed must be a whole number from -1 to 4294967295, got "-2"'],
    [['--batch-size', '0'], '--batch-size must be a whole number from 1 to 100, got "0"'],
    [['--batch-count', '1e3'], '--batch-count must be a whole number from 1 to 1000, got "1e3"'],
    [['--clip-skip', '13'], '--clip-skip must be a whole number from 1 to 12, got "13"'],
    [
      ['--size', '513x512'],
      '--size must be WIDTHxHEIGHT, each a multiple of 8 from 8 to 16384, e.g. 512x768; got "513x512"',
    ],
    [['--hires-scale', '9'], '--hires-scale must be a number from 1 to 8, got "9"'],
    [['--hires-denoise', '1.5'], '--hires-denoise must be a number from 0 to 1, got "1.5"'],
    [['--set', 'nokey'], '--set expects KEY=VALUE, got "nokey"'],
  ])('txt2img %j fails in one line, exit 2, nothing generated', async (flags, message) => {
    const result = await run(['txt2img', 'x', ...flags, '--out-dir', work, '--url', proxy.url]);
    expect(result).toEqual({ code: 2, stdout: [], stderr: [`error: ${message}`] });
    expect(generations()).toEqual([]);
  });

  it('img2img --denoise and upscale --scale are checked too', async () => {
    const source = join(work, 'a.png');
    expect(
      (await run(['txt2img', 'a', '--steps', '1', '--size', '32x32', '-o', source, '--url', proxy.url])).code,
    ).toBe(0);
    expect(await run(['img2img', source, 'b', '--denoise', '2', '--url', proxy.url])).toMatchObject({
      code: 2,
      stderr: ['error: --denoise must be a number from 0 to 1, got "2"'],
    });
    expect(await run(['upscale', source, '--scale', '0', '--url', proxy.url])).toMatchObject({
      code: 2,
      stderr: ['error: --scale must be a number from 1 to 8, got "0"'],
    });
  });
});

describe('output flags', () => {
  it('-o and --out-dir together are refused before generating', async () => {
    const result = await run(['txt2img', 'x', '-o', join(work, 'a.png'), '--out-dir', work, '--url', proxy.url]);
    expect(result).toEqual({ code: 2, stdout: [], stderr: ['error: use -o FILE or --out-dir DIR, not both'] });
    expect(generations()).toEqual([]);
  });
});

describe('names the webui must know', () => {
  it.each([
    [
      ['--model', 'deliberate'],
      '--model "deliberate" is not a checkpoint on this webui; did you mean "deliberate_v2.safetensors [15edd4519f]"? (`sdwebui models` lists them)',
    ],
    [['--model', 'nope'], '--model "nope" is not a checkpoint on this webui (`sdwebui models` lists them)'],
    [
      ['--sampler', 'Eular'],
      '--sampler "Eular" is not a sampler on this webui; did you mean "Euler" or "Euler a"? (`sdwebui samplers` lists them)',
    ],
    [
      ['--scheduler', 'karas'],
      '--scheduler "karas" is not a scheduler on this webui; did you mean "Karras"? (`sdwebui schedulers` lists them)',
    ],
  ])('%j fails in one line with close matches, before generating', async (flags, message) => {
    const result = await run(['txt2img', 'x', ...flags, '--out-dir', work, '--url', proxy.url]);
    expect(result).toEqual({ code: 2, stdout: [], stderr: [`error: ${message}`] });
    expect(generations()).toEqual([]);
  });

  it('accepts another name of a checkpoint (sent as typed; the webui takes its aliases) and "<sampler> <scheduler>"', async () => {
    const result = await run([
      'txt2img',
      'x',
      '--steps',
      '1',
      '--size',
      '32x32',
      '--model',
      'deliberate_v2',
      '--sampler',
      'DPM++ 2M Karras',
      '--out-dir',
      work,
      '--url',
      proxy.url,
    ]);
    expect(result.stderr).toEqual([]);
    expect(sent()).toMatchObject({
      sampler_name: 'DPM++ 2M Karras',
      override_settings: { sd_model_checkpoint: 'deliberate_v2' },
    });
    expect(result.stdout.join('\n')).toContain('Model: deliberate_v2,');
  });
});

describe('request flags', () => {
  it('hires fix, batch count, VAE, CLIP skip and --set/--body reach the request, most specific last', async () => {
    const body = join(work, 'body.json');
    await writeFile(body, JSON.stringify({ steps: 9, restore_faces: false, tiling: true, prompt: 'from body' }));
    const result = await run([
      'txt2img',
      'a fox',
      '--steps',
      '2',
      '--size',
      '64x64',
      '--hires-scale',
      '1.5',
      '--hires-upscaler',
      'Latent',
      '--hires-steps',
      '1',
      '--hires-denoise',
      '0.3',
      '--batch-count',
      '2',
      '--vae',
      'None',
      '--clip-skip',
      '2',
      '--body',
      body,
      '--set',
      'restore_faces=true',
      '--set',
      'styles=["a"]',
      '--out-dir',
      join(work, 'out'),
      '--url',
      proxy.url,
    ]);
    expect(result.stderr).toEqual([]);
    expect(result.code).toBe(0);
    expect(sent()).toMatchObject({
      prompt: 'a fox',
      steps: 2,
      width: 64,
      height: 64,
      enable_hr: true,
      hr_scale: 1.5,
      hr_upscaler: 'Latent',
      hr_second_pass_steps: 1,
      denoising_strength: 0.3,
      n_iter: 2,
      tiling: true,
      restore_faces: true,
      styles: ['a'],
      override_settings: { sd_vae: 'None', CLIP_stop_at_last_layers: 2 },
    });
    expect(await readdir(join(work, 'out'))).toHaveLength(2);
  });

  it('--body that is not a JSON object is one line', async () => {
    const body = join(work, 'body.json');
    await writeFile(body, '[1]');
    expect(await run(['txt2img', 'x', '--body', body, '--url', proxy.url])).toMatchObject({
      code: 2,
      stderr: [`error: --body ${body} must hold a JSON object of request fields`],
    });
  });
});

describe('files a person names', () => {
  it.each([
    [['img2img', 'MISSING', 'x'], 'cannot read IMAGE MISSING: no such file'],
    [['rerun', 'MISSING'], 'cannot read FILE MISSING: no such file'],
    [['upscale', 'MISSING'], 'cannot read IMAGE MISSING: no such file'],
    [['png-info', 'MISSING'], 'cannot read FILE MISSING: no such file'],
    [['txt2img', 'x', '--body', 'MISSING'], 'cannot read --body MISSING: no such file'],
  ])('%j: a missing file is one line, no --help hint', async (args, message) => {
    const missing = join(work, 'missing.png');
    const result = await run(
      [...args.map((arg) => (arg === 'MISSING' ? missing : arg)), '--url', proxy.url].slice(
        0,
        args[0] === 'png-info' ? 2 : undefined,
      ),
    );
    expect(result).toEqual({ code: 2, stdout: [], stderr: [`error: ${message.replace('MISSING', missing)}`] });
  });
});

describe('options', () => {
  it('set and get of an unknown key get the same one-line message with close matches, and nothing changes', async () => {
    const message =
      'error: "CLIP_stop_at_last_layer" is not a setting on this webui; did you mean "CLIP_stop_at_last_layers"? (`sdwebui options get` lists them)';
    expect(await run(['options', 'get', 'CLIP_stop_at_last_layer', '--url', proxy.url])).toMatchObject({
      code: 2,
      stderr: [message],
    });
    expect(await run(['options', 'set', 'CLIP_stop_at_last_layer=2', '--url', proxy.url])).toMatchObject({
      code: 2,
      stderr: [message],
    });
    expect(proxy.requests.filter((request: SeenRequest) => request.method === 'POST')).toEqual([]);
  });
});

describe('lists', () => {
  it('schedulers, upscalers, loras and vaes print names', async () => {
    expect((await run(['schedulers', '--url', proxy.url])).stdout[0]).toContain('Karras (karras)');
    expect((await run(['upscalers', '--url', proxy.url])).stdout[0]?.split('\n')).toContain('Lanczos');
    expect((await run(['loras', '--json', '--url', proxy.url])).code).toBe(0);
    expect((await run(['vaes', '--url', proxy.url])).code).toBe(0);
  });
});
