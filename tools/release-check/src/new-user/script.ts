/**
 * What a new user tries first, as an ES module run with Node in the folder where the packages are
 * installed (`node new-user.mjs <path to the sdwebui bin>`): X/Y/Z plot by label through the SDK and the
 * CLI generates its grid, and every misspelt name exits 2 with suggestions before anything is generated.
 * Prints `new user ok` when all of it holds; throws (exit 1) naming what did not.
 */
export const NEW_USER_SCRIPT = `
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// The packages as installed here (the consumer folder of release:check), imported as a user's ES module would.
const { createMockServer } = await import('@sdwebui/mock');
const { createWebuiClient } = await import('@sdwebui/client');
const { parseInfotext, readPngParameters } = await import('@sdwebui/infotext');
const bin = process.argv[2];

const sdwebui = (args) =>
  new Promise((resolve) =>
    execFile(process.execPath, [bin, ...args], { timeout: 120_000 }, (error, stdout, stderr) =>
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr }),
    ),
  );

// X/Y/Z plot's axis types as script-info lists them: labels, which the webui answers with a 500.
const xyz = ['Steps', '1,2', [], 'CFG Scale', '5,7', [], 'Nothing', '', [], true, false, false, false, false, false, false, 0, false];
const mock = await createMockServer();
const work = await mkdtemp(join(tmpdir(), 'sdwebui-new-user-'));
try {
  const client = createWebuiClient({ baseUrl: mock.url });
  const { images } = await client.txt2img({ prompt: 'a lighthouse', width: 16, height: 16, script_name: 'X/Y/Z plot', script_args: xyz });
  assert.equal(images.length, 1, 'the SDK: X/Y/Z by label gives the grid');
  assert.equal(parseInfotext(images[0].infotext).extra['X Type'], 'Steps', 'the SDK: the grid is X/Y/Z\\'s');

  const grid = join(work, 'grid.png');
  const cli = await sdwebui(['txt2img', 'a lighthouse', '--size', '16x16', '--set', 'script_name=X/Y/Z plot', '--set', 'script_args=' + JSON.stringify(xyz), '-o', grid, '--url', mock.url]);
  assert.equal(cli.code, 0, 'the CLI: X/Y/Z by label exits 0\\n' + cli.stderr);
  assert.match(readPngParameters(new Uint8Array(await readFile(grid))), /X Type: Steps/, 'the CLI: grid.png is the grid');

  const image = join(work, 'image.png');
  assert.equal((await sdwebui(['txt2img', 'x', '--steps', '1', '--size', '16x16', '-o', image, '--url', mock.url])).code, 0);
  const generated = () => mock.requests.filter((request) => /txt2img|img2img|extra-single-image/.test(request.path)).length;
  const misspelt = [
    ['txt2img', 'x', '--model', 'deliberate'],
    ['txt2img', 'x', '--sampler', 'Eular'],
    ['txt2img', 'x', '--scheduler', 'karas'],
    ['txt2img', 'x', '--vae', 'vae-ft-mse-840000-ema-prune'],
    ['txt2img', 'x', '--hires-upscaler', 'Lanczoz'],
    ['txt2img', 'x', '--controlnet', 'Canny:control_v11p_sd15_canny:' + image],
    ['txt2img', 'x', '--controlnet', 'canny:control_v11p_sd15_cany:' + image],
    ['txt2img', 'x', '--adetailer', 'face_yolov8.pt'],
    ['txt2img', 'x', '--set', 'sampler_name=Eular'],
    ['txt2img', 'x', '--set', 'override_settings={"CLIP_stop_at_last_layer":2}'],
    ['upscale', image, '--upscaler', 'Lanczoz', '-o', join(work, 'up.png')],
    ['options', 'set', 'sd_model_checkpoint=deliberate'],
    ['options', 'set', 'CLIP_stop_at_last_layer=2'],
    ['options', 'get', 'CLIP_stop_at_last_layer'],
  ];
  const before = generated();
  for (const args of misspelt) {
    const result = await sdwebui([...args, '--url', mock.url]);
    assert.equal(result.code, 2, args.join(' ') + ' exits 2\\n' + result.stderr);
    assert.match(result.stderr, /^error: .*; did you mean ".+"\\? \\(\`sdwebui [a-z -]+\` lists them\\)\\n$/, args.join(' ') + ': one line with suggestions');
  }
  assert.equal(generated(), before, 'nothing was generated for a misspelt name');
  assert.equal(mock.requests.filter((request) => request.method === 'POST' && request.path === '/sdapi/v1/options').length, 0, 'no setting changed');
} finally {
  await mock.close();
  await rm(work, { recursive: true, force: true });
}
console.log('new user ok');
`;
