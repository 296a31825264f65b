import { describe, expect, it } from 'vitest';
import { controlNet, createWebuiClient, UnsupportedError } from '../node.js';
import { forkOf } from '../resources/detect.js';
import { extensionServer } from '../testing/extension-server.js';
import { hostileServer, json } from '../testing/hostile-server.js';
import { adaptToFork } from './index.js';

const FORGE = 'f2.0.1v1.10.1-previous-669-gdfdcbab6';
const REFORGE = 'f1.0.0v2-v1.10.1RC-latest-2510-g3b56b268';

describe('forkOf', () => {
  it('tells A1111, Forge and reForge apart by version string, and by routes when it has them', () => {
    expect(forkOf('v1.10.1')).toBe('a1111');
    expect(forkOf(FORGE)).toBe('forge');
    expect(forkOf('f2.0.1v1.10.1-1.10.1')).toBe('forge');
    expect(forkOf(REFORGE)).toBe('reforge');
    expect(forkOf('f0.0.17v1.8.0rc-latest-276-g29be1da7', ['GET /sdapi/v1/sd-vae'])).toBe('reforge');
    expect(forkOf(FORGE, ['GET /sdapi/v1/sd-modules'])).toBe('forge');
    expect(forkOf('something else')).toBe('unknown');
    expect(forkOf(null)).toBe('unknown');
  });
});

describe('detect()', () => {
  it('recognizes Forge, reForge and SD.Next', async () => {
    const forge = await extensionServer({ version: FORGE, routes: ['GET /sdapi/v1/sd-modules'] });
    expect((await createWebuiClient({ baseUrl: forge.url }).detect()).fork).toBe('forge');
    const reforge = await extensionServer({ version: REFORGE });
    expect((await createWebuiClient({ baseUrl: reforge.url }).detect()).features.fork).toBe('reforge');
    const sdnext = await hostileServer({
      'GET /sdapi/v1/version': json({ app: 'sd.next', version: '2025-01-01' }),
      'GET /openapi.json': json({ paths: { '/sdapi/v1/txt2img': { post: {} } } }),
    });
    expect((await createWebuiClient({ baseUrl: sdnext.url }).detect()).fork).toBe('sdnext');
  });
});

describe('adaptToFork', () => {
  it('sends hires CFG and modules the way Forge needs them, leaving A1111 requests alone', () => {
    const hires = { enable_hr: true, cfg_scale: 5 };
    expect(adaptToFork(hires, 'forge')).toEqual({
      enable_hr: true,
      cfg_scale: 5,
      hr_cfg: 5,
      hr_additional_modules: ['Use same choices'],
    });
    expect(adaptToFork({ enable_hr: true }, 'reforge')).toEqual({ enable_hr: true, hr_cfg: 7 });
    expect(adaptToFork({ enable_hr: true, hr_cfg: 2, hr_additional_modules: [] }, 'forge')).toMatchObject({
      hr_cfg: 2,
      hr_additional_modules: [],
    });
    expect(adaptToFork(hires, 'a1111')).toBe(hires);
  });

  it('refuses Forge fields on a server that would ignore them, naming it', () => {
    expect(() => adaptToFork({ distilled_cfg_scale: 3.5 }, 'a1111')).toThrow(
      /^distilled_cfg_scale: AUTOMATIC1111 webui does not read this field/,
    );
    expect(() => adaptToFork({ hr_cfg: 3, hr_distilled_cfg: 3 }, 'reforge')).toThrow(/hr_distilled_cfg: reForge/);
    expect(adaptToFork({ hr_cfg: 3 }, 'reforge')).toEqual({ hr_cfg: 3 });
    expect(() => adaptToFork({ override_settings: { sd_vae: 'ae' } }, 'forge')).toThrow(UnsupportedError);
  });
});

describe('generations on a fork', () => {
  it('Flux on Forge: the typed Forge fields and the hires fixes reach the server', async () => {
    const server = await extensionServer({ version: FORGE, routes: ['GET /sdapi/v1/sd-modules'] });
    const client = createWebuiClient({ baseUrl: server.url, target: 'forge-2' });
    await client.txt2img({
      prompt: 'a lighthouse',
      cfg_scale: 1,
      distilled_cfg_scale: 3.5,
      scheduler: 'Simple',
      enable_hr: true,
      override_settings: { forge_additional_modules: ['ae.safetensors', 'clip_l.safetensors'] },
      alwayson_scripts: controlNet([{ module: 'canny', enabled: false }]),
    });
    const body = server.bodies.find((entry) => entry.route === 'POST /sdapi/v1/txt2img')?.body;
    expect(body).toMatchObject({
      distilled_cfg_scale: 3.5,
      hr_cfg: 1,
      hr_additional_modules: ['Use same choices'],
      alwayson_scripts: { ControlNet: { args: [{ enabled: false, module: 'canny' }] } },
    });
  });

  it('fail before sending when the detected server is A1111 and the request has Forge fields', async () => {
    const server = await extensionServer();
    const job = createWebuiClient({ baseUrl: server.url }).txt2img({ distilled_cfg_scale: 3.5 });
    await expect(job).rejects.toMatchObject({ name: 'UnsupportedError', kind: 'unsupported', fork: 'a1111' });
    expect(server.bodies.some((entry) => entry.route === 'POST /sdapi/v1/txt2img')).toBe(false);
  });
});
