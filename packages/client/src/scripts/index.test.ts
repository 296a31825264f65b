import { describe, expect, it, vi } from 'vitest';
import { adetailer, controlNet, createWebuiClient, ScriptError } from '../node.js';
import { extensionServer } from '../testing/extension-server.js';

/** script-info as the webui describes X/Y/Z plot (abridged) and ControlNet (3 unit slots). */
const scriptInfo = [
  {
    name: 'x/y/z plot',
    is_alwayson: false,
    is_img2img: false,
    args: [
      { label: 'X type', choices: ['Nothing', 'Seed', 'Steps'] },
      { label: 'X values', choices: null },
    ],
  },
  { name: 'controlnet', is_alwayson: true, is_img2img: false, args: [{ label: 'unit 1' }, {}, {}] },
  { name: 'adetailer', is_alwayson: true, is_img2img: false, args: [] },
];
const sent = (server: { bodies: Array<{ route: string }> }) =>
  server.bodies.filter((entry) => entry.route === 'POST /sdapi/v1/txt2img').length;

async function failure(promise: PromiseLike<unknown>): Promise<ScriptError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(ScriptError);
  return error as ScriptError;
}

describe('script checks before sending', () => {
  it('accept script names case-insensitively, as the webui does', async () => {
    const server = await extensionServer({ scriptInfo });
    const client = createWebuiClient({ baseUrl: server.url, target: 'a1111-1.10' });
    const xyz = { script_name: 'X/Y/Z Plot', script_args: ['Steps', '10,20'] };
    await client.txt2img({ ...xyz, alwayson_scripts: controlNet([]) });
    expect(sent(server)).toBe(1);
  });

  // Issue #24: the webui hands a type="index" dropdown's position to the script, which indexes a
  // list with it; the label the UI (and script-info) shows answers 500 "list indices must be integers".
  it('send a type="index" dropdown\'s label as its position, and a position as it is', async () => {
    const server = await extensionServer({ scriptInfo });
    const client = createWebuiClient({ baseUrl: server.url, target: 'a1111-1.10' });
    await client.txt2img({ script_name: 'X/Y/Z plot', script_args: ['Steps', '10,20'] });
    await client.txt2img({ script_name: 'x/y/z plot', script_args: [1, '7'] });
    const bodies = server.bodies.filter((entry) => entry.route === 'POST /sdapi/v1/txt2img');
    expect(bodies.map((entry) => (entry.body as { script_args: unknown[] }).script_args)).toEqual([
      [2, '10,20'],
      [1, '7'],
    ]);
  });

  it('refuse what is neither a choice nor a position of a type="index" dropdown', async () => {
    const server = await extensionServer({ scriptInfo });
    const client = createWebuiClient({ baseUrl: server.url, target: 'a1111-1.10' });
    for (const bad of [3, -1, 1.5, true, null]) {
      const error = await failure(client.txt2img({ script_name: 'x/y/z plot', script_args: [bad] }));
      expect(error.kind).toBe('script-args');
      expect(error.message).toContain('(nor a position 0–2: the script takes the position of its choice)');
    }
    expect(sent(server)).toBe(0);
  });

  it('refuse an unknown script_name or alwayson_scripts key, listing what exists', async () => {
    const server = await extensionServer({ scriptInfo });
    const client = createWebuiClient({ baseUrl: server.url, target: 'a1111-1.10' });
    const unknown = await failure(client.txt2img({ script_name: 'xyz plot' }));
    expect(unknown.kind).toBe('unknown-script');
    expect(unknown.available).toEqual(['x/y/z plot', 'controlnet', 'adetailer']);
    expect(unknown.message).toContain('it lists: x/y/z plot, controlnet, adetailer');
    const old = await failure(client.txt2img({ alwayson_scripts: { 'After Detailer': { args: [true] } } }));
    expect(old.script).toBe('After Detailer');
    const img2img = await failure(client.img2img({ init_images: [], alwayson_scripts: adetailer('x.pt') }));
    expect(img2img.message).toContain('img2img script "ADetailer" is not on the server (it lists: controlnet)');
    expect(sent(server)).toBe(0);
  });

  it('refuse more arguments than the script takes, and a value outside its choices', async () => {
    const server = await extensionServer({ scriptInfo });
    const client = createWebuiClient({ baseUrl: server.url, target: 'a1111-1.10' });
    const units = controlNet([{ module: 'canny' }, { module: 'depth' }, { module: 'mlsd' }, { module: 'openpose' }]);
    const many = await failure(client.txt2img({ alwayson_scripts: units }));
    expect(many.kind).toBe('script-args');
    expect(many.message).toContain('takes 3 argument(s), the request gives 4');
    const choice = await failure(client.txt2img({ script_name: 'x/y/z plot', script_args: ['Stepz'] }));
    expect(choice.available).toEqual(['Nothing', 'Seed', 'Steps']);
    expect(choice.message).toContain('argument 1 (X type): "Stepz" is not one of');
    const swapped = await failure(client.txt2img({ alwayson_scripts: { 'x/y/z plot': { args: [] } } }));
    expect(swapped.message).toContain('is selectable');
    expect(sent(server)).toBe(0);
  });

  it('read the lists once, and again once when a name is missing', async () => {
    const scripts = { txt2img: ['controlnet'], img2img: [] as string[] };
    const server = await extensionServer({ scripts });
    const client = createWebuiClient({ baseUrl: server.url, target: 'a1111-1.10' });
    await client.txt2img({ alwayson_scripts: controlNet([]) });
    await client.txt2img({ alwayson_scripts: controlNet([]) });
    const reads = () => server.bodies.filter((entry) => entry.route === 'GET /sdapi/v1/scripts').length;
    expect(reads()).toBe(1);
    scripts.txt2img.push('adetailer');
    await client.txt2img({ alwayson_scripts: adetailer('face_yolov8n.pt') });
    expect(reads()).toBe(2);
  });

  it('are skipped with checkNames: false, per client or per call', async () => {
    const server = await extensionServer({ scripts: { txt2img: [], img2img: [] } });
    const client = createWebuiClient({ baseUrl: server.url, target: 'a1111-1.10' });
    await client.txt2img({ script_name: 'anything' }, { checkNames: false });
    await client.withOptions({ checkNames: false }).txt2img({ alwayson_scripts: controlNet([]) });
    expect(sent(server)).toBe(2);
    expect(server.bodies.some((entry) => entry.route === 'GET /sdapi/v1/scripts')).toBe(false);
  });
});

describe('client.scripts()', () => {
  it("lists the server's scripts per generation kind, with the arguments script-info gives", async () => {
    const server = await extensionServer({ scriptInfo });
    const scripts = await createWebuiClient({ baseUrl: server.url }).scripts();
    expect(scripts.txt2img.map(({ name, alwaysOn }) => [name, alwaysOn])).toEqual([
      ['x/y/z plot', false],
      ['controlnet', true],
      ['adetailer', true],
    ]);
    expect(scripts.txt2img[0]?.args?.[0]).toEqual({
      label: 'X type',
      choices: ['Nothing', 'Seed', 'Steps'],
      takesPosition: true,
    });
    expect(scripts.txt2img[0]?.args?.[1]?.takesPosition).toBe(false);
    // script-info describes controlnet for txt2img only here: img2img's entry has no arguments.
    expect(scripts.img2img).toEqual([{ name: 'controlnet', alwaysOn: null, args: null }]);
  });
});

describe('client.scripts() on a hostile server', () => {
  // 20,000 scripts listed and described (two answers of about 1 MB) took 6 s: each listed name was
  // looked up in the whole of script-info, lower-casing both sides every time.
  it('looks each listed script up once, not in the whole of script-info', async () => {
    const count = 2_000;
    const names = Array.from({ length: count }, (_, index) => `script ${index}`);
    const info = names.map((name) => ({ name: name.toUpperCase(), is_alwayson: false, is_img2img: false, args: [] }));
    const server = await extensionServer({ scriptInfo: info, scripts: { txt2img: names, img2img: [] } });
    const client = createWebuiClient({ baseUrl: server.url });
    const lowerCase = vi.spyOn(String.prototype, 'toLowerCase');
    const scripts = await client.scripts();
    const calls = lowerCase.mock.calls.length;
    lowerCase.mockRestore();
    expect(scripts.txt2img).toHaveLength(count);
    expect(scripts.txt2img[count - 1]).toEqual({ name: `script ${count - 1}`, alwaysOn: false, args: [] });
    expect(calls).toBeLessThan(20 * count);
  });
});

describe('ScriptError messages quote a bounded part of what the server and the request say', () => {
  // A script-info dropdown of 100,000 choices made a message of 10 MB, printed whole by the CLI.
  it('lists at most 40 choices, each cut, and a request value cut', async () => {
    const choices = Array.from({ length: 100_000 }, (_, index) => `choice ${index} ${'c'.repeat(200)}`);
    const server = await extensionServer({
      scriptInfo: [{ name: 'x/y/z plot', is_alwayson: false, is_img2img: false, args: [{ label: 'X type', choices }] }],
    });
    const client = createWebuiClient({ baseUrl: server.url });
    const error = await client
      .txt2img({ prompt: 'p', script_name: 'x/y/z plot', script_args: [`nope ${'v'.repeat(1_000_000)}`] })
      .result.catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ScriptError);
    const message = (error as ScriptError).message;
    expect(message).toContain(', and 99960 more');
    expect(message.length).toBeLessThan(40 * 100 + 1_000);
    expect((error as ScriptError).available).toHaveLength(100_000);
  });
});
