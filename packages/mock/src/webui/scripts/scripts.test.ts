import { parseInfotext, readPngParameters } from '@sdwebui/infotext';
import { describe, expect, it } from 'vitest';
import { testMock } from '../../testing/test-mock.js';
import { xyzArgs, xyzAxis } from '../../testing/xyz-args.js';
import { pngSize, renderPng } from '../png/index.js';
import type { ScriptArg } from './catalogue.js';

const decode = (b64: string) => new Uint8Array(Buffer.from(b64, 'base64'));
const WEBUI = (detail: string) => ({ error: 'HTTPException', detail, body: '', errors: '' });
const base = { prompt: 'a red house', steps: 2, width: 32, height: 16, seed: 7 };
const axis = xyzAxis;

describe('/sdapi/v1/scripts and /sdapi/v1/script-info', () => {
  it('list the built-ins of the profile plus the installed extensions, lower-cased', async () => {
    const v110 = (await testMock().call('GET', '/sdapi/v1/scripts')).json;
    expect(v110.txt2img).toEqual([
      'prompt matrix',
      'prompts from file or textbox',
      'x/y/z plot',
      'comments',
      'refiner',
      'sampler',
      'seed',
      'extra options',
      'hypertile',
      'adetailer',
      'controlnet',
      'controlnet m2m',
    ]);
    expect(v110.img2img).toEqual(
      expect.arrayContaining(['img2img alternative test', 'loopback', 'sd upscale', 'soft inpainting', 'controlnet']),
    );
    expect(v110.txt2img).not.toContain('sd upscale');
    const v14 = (await testMock({ profile: 'a1111-1.4', extensions: [] }).call('GET', '/sdapi/v1/scripts')).json;
    expect(v14.txt2img).toEqual(['prompt matrix', 'prompts from file or textbox', 'x/y/z plot']);
    const v17 = (await testMock({ profile: 'a1111-1.7' }).call('GET', '/sdapi/v1/scripts')).json;
    expect(v17.txt2img).toContain('refiner');
    expect(v17.txt2img).not.toContain('sampler');
  });

  it('script-info describes each runner’s scripts with their arguments (X/Y/Z: 18, axis choices per tab)', async () => {
    const info = (await testMock().call('GET', '/sdapi/v1/script-info')).json as Array<{
      name: string;
      is_img2img: boolean;
      is_alwayson: boolean;
      args: Array<{ label: string; choices: string[] | null }>;
    }>;
    const xyz = info.filter((item) => item.name === 'x/y/z plot');
    expect(xyz.map((item) => item.is_img2img)).toEqual([false, true]);
    expect(xyz[0]?.args).toHaveLength(18);
    expect(xyz[0]?.args[0]?.choices).toContain('Hires steps');
    expect(xyz[1]?.args[0]?.choices).toContain('Image CFG Scale');
    expect(info.find((item) => item.name === 'controlnet')).toMatchObject({ is_alwayson: true });
    // Each profile's reply matches its own spec (testMock checks every JSON reply against it).
    for (const profile of ['a1111-1.4', 'a1111-1.7'] as const) {
      expect((await testMock({ profile }).call('GET', '/sdapi/v1/script-info')).status).toBe(200);
    }
  });
});

describe('script_name', () => {
  it('X/Y/Z plot (any case): the grid first, then each cell with its own infotext', async () => {
    const { call } = testMock();
    const reply = await call('POST', '/sdapi/v1/txt2img', {
      ...base,
      script_name: 'X/Y/Z PLOT',
      script_args: [
        axis('Steps'),
        '1-3',
        [],
        axis('CFG Scale'),
        '5, 7.5',
        [],
        0,
        '',
        [],
        true,
        true,
        false,
        false,
        false,
        false,
        false,
        0,
        false,
      ],
    });
    expect(reply.status).toBe(200);
    expect(reply.json.images).toHaveLength(7);
    expect(pngSize(decode(reply.json.images[0]))).toEqual({ width: 96, height: 32 });
    const grid = parseInfotext(readPngParameters(decode(reply.json.images[0])) as string);
    expect(grid.extra).toMatchObject({
      Script: 'X/Y/Z plot',
      'X Type': 'Steps',
      'X Values': '1-3',
      'Y Type': 'CFG Scale',
      'Y Values': '5, 7.5',
    });
    const cells = reply.json.images
      .slice(1)
      .map((image: string) => parseInfotext(readPngParameters(decode(image)) as string));
    expect(cells.map((cell: { steps: number; cfgScale: number }) => [cell.steps, cell.cfgScale])).toEqual([
      [1, 5],
      [2, 5],
      [3, 5],
      [1, 7.5],
      [2, 7.5],
      [3, 7.5],
    ]);
    expect(cells.every((cell: { seed: number }) => cell.seed === 7)).toBe(true);
    const info = JSON.parse(reply.json.info);
    expect(info.infotexts).toHaveLength(7);
    expect(info.index_of_first_image).toBe(1);
  });

  it('X/Y/Z plot without "Include Sub Images" answers the grid only; bad axis values are the webui’s errors', async () => {
    const { call } = testMock();
    const gridOnly = await call('POST', '/sdapi/v1/txt2img', {
      ...base,
      script_name: 'x/y/z plot',
      script_args: xyzArgs(axis('Prompt S/R'), 'red, blue, green'),
    });
    expect(gridOnly.json.images).toHaveLength(1);
    expect(pngSize(decode(gridOnly.json.images[0]))).toEqual({ width: 96, height: 16 });
    expect(
      await call('POST', '/sdapi/v1/txt2img', {
        ...base,
        script_name: 'x/y/z plot',
        script_args: xyzArgs(axis('Prompt S/R'), 'purple, blue'),
      }),
    ).toMatchObject({
      status: 500,
      json: { error: 'RuntimeError', errors: 'Prompt S/R did not find purple in prompt or negative prompt.' },
    });
    expect(
      (
        await call('POST', '/sdapi/v1/txt2img', {
          ...base,
          script_name: 'x/y/z plot',
          script_args: xyzArgs(axis('Sampler'), 'Euler, Nope'),
        })
      ).json.errors,
    ).toBe('Unknown sampler: Nope');
    expect(
      (await call('POST', '/sdapi/v1/txt2img', { ...base, script_name: 'x/y/z plot', script_args: ['Steps', '1,2'] }))
        .json,
    ).toMatchObject({
      error: 'TypeError',
      errors: 'list indices must be integers or slices, not str',
    });
  });

  it('Prompt matrix: every combination of the | parts, same seed, grid first', async () => {
    const { call } = testMock();
    const reply = await call('POST', '/sdapi/v1/txt2img', {
      ...base,
      prompt: 'a house|at night|in snow',
      script_name: 'prompt matrix',
    });
    expect(reply.json.images).toHaveLength(5);
    const prompts = reply.json.images
      .slice(1)
      .map((image: string) => parseInfotext(readPngParameters(decode(image)) as string).prompt);
    expect(prompts).toEqual(['a house', 'a house, at night', 'a house, in snow', 'a house, at night, in snow']);
    expect(pngSize(decode(reply.json.images[0]))).toEqual({ width: 64, height: 32 });
    expect(JSON.parse(reply.json.info).index_of_first_image).toBe(1);
  });

  it('Prompts from file or textbox: one job per line, options per line, no grid', async () => {
    const { call } = testMock();
    const reply = await call('POST', '/sdapi/v1/txt2img', {
      ...base,
      prompt: 'photo',
      script_name: 'Prompts from file or textbox',
      script_args: [false, false, 'start', 'a cat\n\n--prompt "a dog" --steps 3 --width 64'],
    });
    const texts = reply.json.images.map((image: string) => parseInfotext(readPngParameters(decode(image)) as string));
    expect(
      texts.map((text: { prompt: string; steps: number; width: number }) => [text.prompt, text.steps, text.width]),
    ).toEqual([
      ['a cat photo', 2, 32],
      ['a dog photo', 3, 64],
    ]);
    expect(
      (
        await call('POST', '/sdapi/v1/txt2img', {
          ...base,
          script_name: 'prompts from file or textbox',
          script_args: [false, false, 'start', '--bogus 1'],
        })
      ).json,
    ).toMatchObject({
      error: 'AssertionError',
    });
  });

  it('img2img scripts: SD upscale scales the output; txt2img does not have them', async () => {
    const { call } = testMock();
    const init = Buffer.from(await renderPng(32, 16, 'init')).toString('base64');
    const up = await call('POST', '/sdapi/v1/img2img', {
      ...base,
      init_images: [init],
      script_name: 'SD upscale',
      script_args: ['', 64, 0, 2],
    });
    expect(pngSize(decode(up.json.images[0]))).toEqual({ width: 64, height: 32 });
    // Issue #24: the upscaler radio is type="index"; its label, which script-info lists, is a 500 as on the webui.
    const info = (await call('GET', '/sdapi/v1/script-info')).json as Array<{ name: string; args: ScriptArg[] }>;
    expect(info.find((script) => script.name === 'sd upscale')?.args[2]).toMatchObject({
      label: 'Upscaler',
      value: 'None',
      choices: expect.arrayContaining(['None', 'Lanczos', 'R-ESRGAN 4x+']),
    });
    const sdUpscale = (upscaler: unknown) =>
      call('POST', '/sdapi/v1/img2img', {
        ...base,
        init_images: [init],
        script_name: 'SD upscale',
        script_args: ['', 64, upscaler, 2],
      });
    expect(await sdUpscale('Lanczos')).toMatchObject({
      status: 500,
      json: { error: 'TypeError', errors: 'list indices must be integers or slices, not str' },
    });
    expect(await sdUpscale(99)).toMatchObject({ status: 500, json: { error: 'IndexError' } });
    expect(await call('POST', '/sdapi/v1/txt2img', { ...base, script_name: 'sd upscale' })).toMatchObject({
      status: 422,
      json: WEBUI("Script 'sd upscale' not found"),
    });
  });

  it('selectable and always-on scripts stay apart, as the API checks them', async () => {
    const { call } = testMock();
    expect(await call('POST', '/sdapi/v1/txt2img', { ...base, script_name: 'controlnet' })).toMatchObject({
      status: 422,
      json: WEBUI("Script 'controlnet' not found"),
    });
    expect(
      await call('POST', '/sdapi/v1/txt2img', { ...base, alwayson_scripts: { 'x/y/z plot': { args: [] } } }),
    ).toMatchObject({
      status: 422,
      json: WEBUI('Cannot have a selectable script in the always on scripts params'),
    });
    expect(
      (await call('POST', '/sdapi/v1/txt2img', { ...base, alwayson_scripts: { Refiner: { args: [false] } } })).status,
    ).toBe(200);
  });
});

describe('script limits (a mock bounds what a request can make)', () => {
  it('X/Y/Z: more than 256 cells is refused; sizes must be positive', async () => {
    const { call } = testMock();
    const args = xyzArgs(axis('Steps'), '1-100', { y: [axis('CFG Scale'), '1-100'] });
    expect(
      await call('POST', '/sdapi/v1/txt2img', { ...base, script_name: 'x/y/z plot', script_args: args }),
    ).toMatchObject({ status: 500, json: { error: 'OutOfMemoryError' } });
    const size = xyzArgs(axis('Size'), '0x0');
    expect(
      (await call('POST', '/sdapi/v1/txt2img', { ...base, script_name: 'x/y/z plot', script_args: size })).json,
    ).toMatchObject({ error: 'ValueError' });
  });

  it('Prompt matrix stops at 256 combinations', async () => {
    const { call } = testMock();
    const prompt = ['base', ...Array.from({ length: 30 }, (_, i) => `part${i}`)].join('|');
    const reply = await call('POST', '/sdapi/v1/txt2img', {
      ...base,
      steps: 1,
      width: 8,
      height: 8,
      prompt,
      script_name: 'prompt matrix',
    });
    expect(reply.status).toBe(200);
    expect(reply.json.images).toHaveLength(257);
    expect(pngSize(decode(reply.json.images[0]))).toEqual({ width: 128, height: 128 });
  }, 60_000);
});

describe("always-on scripts' arguments: copied as init_script_args copies them, before the job is queued", () => {
  it('raises the indexing errors the copy raises, and never queues or starts the task', async () => {
    const { call, webui } = testMock();
    const cases: Array<[unknown, string, string]> = [
      ['my args', 'TypeError', 'string indices must be integers'],
      [['x', 'args'], 'TypeError', 'list indices must be integers or slices, not str'],
      [{ args: { first: 1 } }, 'KeyError', '0'],
    ];
    for (const [index, [value, error, errors]] of cases.entries()) {
      const force_task_id = `copy-${index}`;
      const reply = await call('POST', '/sdapi/v1/txt2img', {
        ...base,
        force_task_id,
        alwayson_scripts: { Refiner: value },
      });
      expect(reply).toMatchObject({ status: 500, json: { error, errors } });
      expect(webui.registry.pending).not.toContain(force_task_id);
      expect(webui.registry.current).not.toBe(force_task_id);
    }
  });

  it('copies nothing from an empty args dict or string without "args" (no error, as range(0) in Python)', async () => {
    const { call } = testMock();
    for (const value of [{ args: {} }, 'no arguments here', { other: 1 }]) {
      expect((await call('POST', '/sdapi/v1/txt2img', { ...base, alwayson_scripts: { Refiner: value } })).status).toBe(
        200,
      );
    }
  });
});

describe("scripted requests within the mock's generation limits", () => {
  it('checks every X/Y/Z cell against the step budget before it runs', async () => {
    const { call } = testMock();
    const reply = await call('POST', '/sdapi/v1/txt2img', {
      ...base,
      script_name: 'x/y/z plot',
      script_args: xyzArgs(axis('Steps'), '1, 100001'),
    });
    expect(reply).toMatchObject({ status: 500, json: { error: 'RuntimeError' } });
    expect(reply.json.errors).toContain('mock webui limit: 100001 sampling steps');
  });

  it('counts the grid and every cell returned against the response budget', async () => {
    const { call } = testMock();
    // Each cell alone is well under the limit; the grid plus eight cells, each with the prompt in
    // its PNG, its infotext and all_prompts, are over 16 MiB.
    const prompt = 'a'.repeat(600_000);
    const request = { ...base, width: 8, height: 8, steps: 1, prompt, script_name: 'x/y/z plot' };
    const fits = await call('POST', '/sdapi/v1/txt2img', { ...request, script_args: xyzArgs(axis('Seed'), '1-2') });
    expect(fits.status).toBe(200);
    const reply = await call('POST', '/sdapi/v1/txt2img', {
      ...request,
      script_args: xyzArgs(axis('Seed'), '1-8', { lone: true }),
    });
    expect(reply).toMatchObject({ status: 500, json: { error: 'MemoryError' } });
    expect(reply.json.errors).toContain('mock webui limit: the response would be over');
  });
});
