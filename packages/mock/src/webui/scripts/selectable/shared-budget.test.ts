import { describe, expect, it } from 'vitest';
import { testMock } from '../../../testing/test-mock.js';
import { xyzArgs, xyzAxis } from '../../../testing/xyz-args.js';

const small = { steps: 1, width: 8, height: 8, seed: 7 };
const axis = xyzAxis;
const xyz = (x: [number, string], y?: [number, string], z?: [number, string], subGrids = false) =>
  xyzArgs(x[0], x[1], { ...(y ? { y } : {}), ...(z ? { z } : {}), subGrids });

/** The mock has not sampled a single step: every job was refused before the first ran. */
const nothingSampled = (webui: ReturnType<typeof testMock>['webui']) => expect(webui.state.samplingStep).toBe(0);

describe("a script's jobs share one budget, reserved before the first runs (issue #23)", () => {
  it('Prompts from file: lines each within the limits, together over the response budget', async () => {
    const { call, webui } = testMock();
    const reply = await call('POST', '/sdapi/v1/txt2img', {
      ...small,
      prompt: 'x'.repeat(400_000),
      script_name: 'prompts from file or textbox',
      script_args: [false, false, 'start', Array.from({ length: 40 }, (_, index) => `line ${index}`).join('\n')],
    });
    expect(reply.json).toMatchObject({
      error: 'MemoryError',
      errors: expect.stringMatching(/\(\d+ jobs, \d+ images and grids\)/),
    });
    nothingSampled(webui);
  });

  it('Prompts from file: iterations set per line count in the same budget', async () => {
    const { call, webui } = testMock();
    const line = '--prompt "a" --batch_size 16 --n_iter 64';
    const reply = await call('POST', '/sdapi/v1/txt2img', {
      ...small,
      script_name: 'prompts from file or textbox',
      script_args: [false, false, 'start', Array(20).fill(line).join('\n')],
    });
    expect(reply.json).toMatchObject({ error: 'MemoryError' });
    nothingSampled(webui);
  });

  it('X/Y/Z: steps of all cells together, each cell within the limit', async () => {
    const { call, webui } = testMock();
    const reply = await call('POST', '/sdapi/v1/txt2img', {
      ...small,
      script_name: 'x/y/z plot',
      script_args: xyz([axis('Steps'), '50001, 50001']),
    });
    expect(reply.json).toMatchObject({
      error: 'RuntimeError',
      errors:
        "mock webui limit: 100002 sampling steps in one request (steps × passes × n_iter, a script's jobs together), over 100000",
    });
    nothingSampled(webui);
  });

  it("X/Y/Z: the grids' infotexts count the axis texts they carry", async () => {
    const { call, webui } = testMock();
    // Three values, but the text as sent (3 MB of it blank) is `X Values` of the main grid and of each sub-grid.
    const text = `1, 2, 3,${' '.repeat(3_000_000)}`;
    const fits = await call('POST', '/sdapi/v1/txt2img', {
      ...small,
      prompt: 'x',
      script_name: 'x/y/z plot',
      script_args: xyz([axis('Seed'), text]),
    });
    expect(fits.status).toBe(200);
    const reply = await call('POST', '/sdapi/v1/txt2img', {
      ...small,
      prompt: 'x',
      script_name: 'x/y/z plot',
      script_args: xyz([axis('Seed'), text], undefined, [axis('CFG Scale'), '1, 2, 3, 4'], true),
    });
    expect(reply.json).toMatchObject({ error: 'MemoryError', errors: expect.stringContaining('images and grids') });
    nothingSampled(webui);
  });

  it('Prompt S/R: the replaced prompts are measured, never made, when they would be too large', async () => {
    // Before: 20 k matches × a 40 kB replacement were made (800 M characters, past V8's longest string).
    const { call, webui } = testMock();
    const reply = await call('POST', '/sdapi/v1/txt2img', {
      ...small,
      prompt: 'a'.repeat(20_000),
      script_name: 'x/y/z plot',
      script_args: xyz([axis('Prompt S/R'), `a, ${'b'.repeat(40_000)}`]),
    });
    expect(reply.json).toMatchObject({ error: 'MemoryError', errors: expect.stringContaining('mock webui limit') });
    nothingSampled(webui);
  });

  it('Prompt S/R within the budget replaces as before, x then y, in prompt and negative prompt', async () => {
    const { call } = testMock();
    const args = xyz([axis('Prompt S/R'), 'cat, dog'], [axis('Prompt S/R'), 'a, one']);
    args[10] = true; // Include Sub Images: every cell comes back
    const reply = await call('POST', '/sdapi/v1/txt2img', {
      ...small,
      prompt: 'a cat and a cat',
      negative_prompt: 'no cat',
      script_name: 'x/y/z plot',
      script_args: args,
    });
    expect(reply.status).toBe(200);
    const info = JSON.parse(reply.json.info);
    const cells = ['a', 'one'].flatMap((y) => ['cat', 'dog'].map((x) => [x, y]));
    const made = (text: string) =>
      cells.map(([x, y]) => text.replaceAll('cat', x as string).replaceAll('a', y as string));
    expect(info.all_prompts.slice(1)).toEqual(made('a cat and a cat'));
    expect(info.infotexts.slice(1).map((text: string) => text.split('\n')[1])).toEqual(
      made('no cat').map((negative) => `Negative prompt: ${negative}`),
    );
  });

  it('Prompt matrix: every combination is measured before the first runs', async () => {
    const { call, webui } = testMock();
    const reply = await call('POST', '/sdapi/v1/txt2img', {
      ...small,
      prompt: `${'x'.repeat(100_000)}|a|b|c|d|e|f|g|h`,
      script_name: 'prompt matrix',
    });
    expect(reply.json).toMatchObject({ error: 'MemoryError' });
    nothingSampled(webui);
  });

  it('Prompt matrix: parts past the eighth are never used (before, the 33rd came back with odd combinations)', async () => {
    const { call } = testMock();
    const parts = Array.from({ length: 40 }, (_, index) => `p${index}`);
    const reply = await call('POST', '/sdapi/v1/txt2img', {
      ...small,
      prompt: ['base', ...parts].join('|'),
      script_name: 'prompt matrix',
    });
    expect(reply.status).toBe(200);
    const prompts = JSON.parse(reply.json.info).all_prompts as string[];
    expect(prompts).toHaveLength(257);
    const used = new Set(prompts.flatMap((prompt) => prompt.split(', ')));
    expect([...used].sort()).toEqual(['base', ...parts.slice(0, 8)].sort());
  }, 60_000);
});
