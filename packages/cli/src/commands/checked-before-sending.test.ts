import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMockServer, type MockServer } from '@sdwebui/mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli, type CliOptions } from '../index.js';
import { captureIo } from '../testing/io.js';
import { createHostileServer } from '../testing/hostile-server.js';

// Issue #24, as a new user meets it: every misspelt name exits 2 with suggestions, every file that is
// not an image exits 2, and nothing of it reaches the webui's generation routes.

let work: string;
let mock: MockServer;
let proxy: Awaited<ReturnType<typeof createHostileServer>>;
beforeEach(async () => {
  work = await mkdtemp(join(tmpdir(), 'sdwebui-cli-checked-'));
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
/** What reached the webui besides reading its lists and polling progress: generations, extras, settings. */
const work_sent = () =>
  proxy.requests.filter((request) => request.method === 'POST' && request.path !== '/internal/progress');

/** A PNG the mock made, for the image arguments. */
async function image(): Promise<string> {
  const path = join(work, 'source.png');
  const made = await run(['txt2img', 'a', '--steps', '1', '--size', '32x32', '-o', path, '--url', mock.url]);
  expect(made.code).toBe(0);
  return path;
}

describe('misspelt names exit 2 with suggestions, before anything is generated', () => {
  it.each([
    [
      ['--controlnet', 'Canny:control_v11p_sd15_canny:IMAGE'],
      '--controlnet module "Canny" is not a ControlNet module on this webui; did you mean "canny"? (`sdwebui controlnet-modules` lists them)',
    ],
    [
      ['--controlnet', 'canny:control_v11p_sd15_cany:IMAGE'],
      /^--controlnet model "control_v11p_sd15_cany" is not a ControlNet model on this webui; did you mean "control_v11p_sd15_canny \[[0-9a-f]+\]"\? \(`sdwebui controlnet-models` lists them\)$/,
    ],
    [
      ['--adetailer', 'face_yolov8.pt'],
      /^--adetailer "face_yolov8.pt" is not an ADetailer model on this webui; did you mean "face_yolov8n.pt".*\(`sdwebui adetailer-models` lists them\)$/,
    ],
    [
      ['--set', 'override_settings={"samples_fromat":"jpg"}'],
      '"samples_fromat" is not a setting on this webui; did you mean "samples_format"? (`sdwebui options get` lists them)',
    ],
  ])('txt2img %j', async (flags, message) => {
    const path = await image();
    const before = work_sent().length;
    const args = flags.map((flag) => flag.replace('IMAGE', path));
    const result = await run(['txt2img', 'x', ...args, '--out-dir', work, '--url', proxy.url]);
    expect(result.code).toBe(2);
    expect(result.stderr).toHaveLength(1);
    if (typeof message === 'string') expect(result.stderr[0]).toBe(`error: ${message}`);
    else expect(result.stderr[0]?.replace(/^error: /, '')).toMatch(message);
    expect(work_sent().length).toBe(before);
  });

  it('options set: an unknown checkpoint or key, in one line with suggestions (the webui answers 500)', async () => {
    expect(await run(['options', 'set', 'sd_model_checkpoint=deliberate', '--url', proxy.url])).toEqual({
      code: 2,
      stdout: [],
      stderr: [
        'error: sd_model_checkpoint "deliberate" is not a checkpoint on this webui; did you mean "deliberate_v2.safetensors [15edd4519f]"? (`sdwebui models` lists them)',
      ],
    });
    expect(await run(['options', 'set', 'CLIP_stop_at_last_layer=2', '--url', proxy.url])).toMatchObject({
      code: 2,
      stderr: [
        'error: "CLIP_stop_at_last_layer" is not a setting on this webui; did you mean "CLIP_stop_at_last_layers"? (`sdwebui options get` lists them)',
      ],
    });
    expect(work_sent()).toEqual([]);
  });

  it("Forge's modules, given in --set", async () => {
    const forge = await createMockServer({ profile: 'forge-2' });
    try {
      const result = await run([
        'txt2img',
        'x',
        '--set',
        'override_settings={"forge_additional_modules":["t5xxl.safetensors"]}',
        '--out-dir',
        work,
        '--url',
        forge.url,
      ]);
      expect(result.code).toBe(2);
      expect(result.stderr[0]).toMatch(
        /^error: "t5xxl.safetensors" is not one of Forge's modules on this webui; did you mean .*"t5xxl_fp16.safetensors"/,
      );
      expect(forge.requests.filter((request) => request.method === 'POST')).toEqual([]);
    } finally {
      await forge.close();
    }
  });

  it('--json: the failure is a JSON object on stdout, with the suggestions', async () => {
    const result = await run(['txt2img', 'x', '--sampler', 'Eular', '--json', '--out-dir', work, '--url', proxy.url]);
    expect(result.code).toBe(2);
    expect(JSON.parse(result.stdout.join('\n'))).toEqual({
      error: {
        message:
          '--sampler "Eular" is not a sampler on this webui; did you mean "Euler" or "Euler a"? (`sdwebui samplers` lists them)',
        exitCode: 2,
        kind: 'unknown-name',
        nameKind: 'sampler',
        name: 'Eular',
        suggestions: ['Euler', 'Euler a', 'Heun'],
      },
    });
    const usage = await run(['models', '--json', '--url', 'not a url']);
    expect(usage.code).toBe(2);
    expect(JSON.parse(usage.stdout.join('\n'))).toMatchObject({ error: { exitCode: 2, kind: 'usage' } });
    const stopped = await createMockServer();
    await stopped.close();
    const down = await run(['models', '--json', '--url', stopped.url]);
    expect(down.code).toBe(1);
    expect(JSON.parse(down.stdout.join('\n'))).toMatchObject({ error: { exitCode: 1, kind: 'unreachable' } });
  });
});

describe('files that are not images exit 2 before anything is sent (the README promise)', () => {
  it.each([
    [['img2img', 'NOT_IMAGE', 'a cat'], 'IMAGE'],
    [['img2img', 'SOURCE', 'a cat', '--mask', 'NOT_IMAGE'], '--mask'],
    [['upscale', 'NOT_IMAGE', '-o', 'OUT'], 'IMAGE'],
    [['txt2img', 'a cat', '--controlnet', 'canny:control_v11p_sd15_canny:NOT_IMAGE'], '--controlnet image'],
  ])('%j', async (args, what) => {
    const source = await image();
    const notImage = join(work, 'passwd');
    await writeFile(notImage, 'root:x:0:0:root:/root:/bin/bash\n');
    const before = proxy.requests.length;
    const resolved = args.map((arg) =>
      arg === 'SOURCE' ? source : arg === 'OUT' ? join(work, 'up.png') : arg.replace('NOT_IMAGE', notImage),
    );
    const result = await run(
      [...resolved, '--out-dir', work, '--url', proxy.url].filter((arg, index, all) => {
        // upscale has no --out-dir
        return !(resolved[0] === 'upscale' && (arg === '--out-dir' || all[index - 1] === '--out-dir'));
      }),
    );
    expect(result).toEqual({
      code: 2,
      stdout: [],
      stderr: [`error: ${what} ${notImage} is not an image (PNG, JPEG, WebP, GIF, BMP, TIFF or AVIF)`],
    });
    expect(proxy.requests.length).toBe(before);
  });
});

describe('-o names a PNG', () => {
  // Issue #24: `-o a.jpg` wrote PNG bytes under a JPEG name.
  it.each([
    ['txt2img', 'a cat'],
    ['upscale', 'SOURCE'],
  ])('%s -o a.gif is refused before anything is sent', async (...command) => {
    const source = await image();
    const before = proxy.requests.length;
    const args = command.map((arg) => (arg === 'SOURCE' ? source : arg));
    const result = await run([...args, '-o', join(work, 'a.gif'), '--url', proxy.url]);
    expect(result.code).toBe(2);
    expect(result.stderr[0]).toMatch(
      /^error: -o .*a\.gif: sdwebui writes the webui's images as they are \(no conversion\), PNG or JPEG as the server sends them; name a \.png \(or \.jpg, \.webp\) file$/,
    );
    expect(proxy.requests.length).toBe(before);
    expect((await run([...args, '-o', join(work, 'b.PNG'), '--url', proxy.url])).code).toBe(0);
    // A .jpg name for the PNG this webui sends: the bytes as they came, under the name of their format.
    const named = await run([...args, '-o', join(work, 'c.jpg'), '--url', proxy.url]);
    expect(named.code).toBe(0);
    expect(named.stdout.join('\n')).toContain(join(work, 'c.png'));
  });
});
