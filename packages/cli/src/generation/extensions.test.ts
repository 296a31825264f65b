import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMockServer, type MockServer } from '@sdwebui/mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../index.js';
import { captureIo } from '../testing/io.js';
import { createHostileServer } from '../testing/hostile-server.js';
import { parseADetailerFlag, parseControlNetFlag } from './extensions.js';

describe('--controlnet and --adetailer values', () => {
  it('parse MODULE:MODEL:IMAGE[:WEIGHT], paths with colons included', () => {
    expect(parseControlNetFlag('canny:control_v11p_sd15_canny:pose.png')).toEqual({
      module: 'canny',
      model: 'control_v11p_sd15_canny',
      image: 'pose.png',
    });
    expect(parseControlNetFlag('depth:control_v11f1p_sd15_depth:C:\\in\\d.png:0.5')).toEqual({
      module: 'depth',
      model: 'control_v11f1p_sd15_depth',
      image: 'C:\\in\\d.png',
      weight: 0.5,
    });
  });

  it('refuse malformed values with one line', () => {
    expect(() => parseControlNetFlag('canny:pose.png')).toThrow(/^--controlnet expects MODULE:MODEL:IMAGE\[:WEIGHT\]/);
    expect(() => parseControlNetFlag('canny::pose.png')).toThrow(/must not be empty/);
    expect(() => parseControlNetFlag('canny:m:pose.png:3')).toThrow(
      '--controlnet weight must be a number from 0 to 2, got "3"',
    );
    expect(() => parseADetailerFlag('face_yolov8n.pt,hand_yolov8n.pt')).toThrow(/one detector name/);
    expect(parseADetailerFlag('face_yolov8n.pt')).toBe('face_yolov8n.pt');
  });
});

let work: string;
let mock: MockServer;
beforeEach(async () => {
  work = await mkdtemp(join(tmpdir(), 'sdwebui-cli-ext-'));
  mock = await createMockServer();
});
afterEach(async () => {
  await mock.close();
  await rm(work, { recursive: true, force: true });
});

/** Script lists of a webui with X/Y/Z plot and ControlNet, for the `scripts` command's output. */
const withExtensionScripts = (path: string) => {
  if (path === '/sdapi/v1/scripts') return { txt2img: ['x/y/z plot', 'controlnet', 'adetailer'], img2img: [] } as never;
  if (path === '/sdapi/v1/script-info') {
    return [
      {
        name: 'x/y/z plot',
        is_alwayson: false,
        is_img2img: false,
        args: [
          { label: 'X type', choices: ['Nothing', 'Seed'] },
          { label: 'Draw legend', value: true },
        ],
      },
      { name: 'controlnet', is_alwayson: true, is_img2img: false, args: [{}, {}, {}] },
    ] as never;
  }
  return undefined;
};

describe('sdwebui txt2img --controlnet / --adetailer', () => {
  it('sends the units with the image read from its file, and the ADetailer tabs', async () => {
    const source = await createMockServer();
    const png = join(work, 'pose.png');
    const io = captureIo();
    // Any PNG the webui made will do as a control image.
    const made = ['node', 'sdwebui', 'txt2img', 'pose', '--size', '16x16', '-o', png, '--url', source.url];
    expect(await runCli(made, { io })).toBe(0);
    await source.close();
    const server = await createHostileServer(mock.url);
    try {
      const code = await runCli(
        [
          ...['node', 'sdwebui', 'txt2img', 'a dancer'],
          ...['--controlnet', `openpose:control_v11p_sd15_openpose:${png}:0.8`],
          ...['--controlnet', `canny:control_v11p_sd15_canny:${png}`],
          ...['--adetailer', 'face_yolov8n.pt', '--adetailer', 'hand_yolov8n.pt'],
          ...['--out-dir', work, '--url', server.url],
        ],
        { io: captureIo() },
      );
      const sent = server.requests.find((request) => request.path === '/sdapi/v1/txt2img')?.body as {
        alwayson_scripts: { ControlNet: { args: Array<Record<string, unknown>> }; ADetailer: { args: unknown[] } };
      };
      const image = (await readFile(png)).toString('base64');
      expect(sent.alwayson_scripts.ControlNet.args).toEqual([
        { enabled: true, module: 'openpose', model: 'control_v11p_sd15_openpose', weight: 0.8, image },
        { enabled: true, module: 'canny', model: 'control_v11p_sd15_canny', image },
      ]);
      expect(sent.alwayson_scripts.ADetailer.args).toEqual([
        true,
        false,
        { ad_model: 'face_yolov8n.pt' },
        { ad_model: 'hand_yolov8n.pt' },
      ]);
      // The mock emulates both extensions: the units are accepted and their maps come back.
      expect(code).toBe(0);
    } finally {
      await server.close();
    }
  });

  it('fails with one line before sending: a bad flag, a missing image, a script the server lacks', async () => {
    const bare = await createMockServer({ extensions: [] });
    const server = await createHostileServer(bare.url);
    try {
      const missing = captureIo();
      const args = ['node', 'sdwebui', 'txt2img', 'x', '--url', server.url, '--out-dir', work];
      expect(await runCli([...args, '--controlnet', `canny:m:${join(work, 'nope.png')}`], { io: missing })).toBe(2);
      expect(missing.stderr.join('\n')).toMatch(/^error: cannot read --controlnet image .*nope\.png: no such file$/);
      const bad = captureIo();
      expect(await runCli([...args, '--controlnet', 'canny'], { io: bad })).toBe(2);
      expect(bad.stderr).toHaveLength(1);
      const absent = captureIo();
      expect(await runCli([...args, '--adetailer', 'face_yolov8n.pt'], { io: absent })).not.toBe(0);
      expect(absent.stderr.join('\n')).toContain('txt2img script "ADetailer" is not on the server');
      expect(server.requests.some((request) => request.path === '/sdapi/v1/txt2img')).toBe(false);
    } finally {
      await server.close();
      await bare.close();
    }
  });
});

describe('sdwebui scripts', () => {
  it('lists the scripts of each kind with their arguments', async () => {
    const server = await createHostileServer(mock.url, withExtensionScripts);
    try {
      const io = captureIo();
      expect(await runCli(['node', 'sdwebui', 'scripts', '--url', server.url], { io })).toBe(0);
      expect(io.stdout.join('\n')).toBe(
        [
          'txt2img:',
          '  x/y/z plot (script_name)',
          // Issue #24: the axis type takes a position (type="index"); the listing says a label is sent as it.
          '    1. X type, one of Nothing | Seed, or its position 0–1 (a label is sent as its position)',
          '    2. Draw legend, default true',
          '  controlnet (alwayson_scripts)',
          '    1. (no label)',
          '    2. (no label)',
          '    3. (no label)',
          '  adetailer',
          'img2img:',
          '  (none)',
        ].join('\n'),
      );
    } finally {
      await server.close();
    }
  });
});
