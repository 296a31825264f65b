import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, expectTypeOf, it } from 'vitest';
import type { ExtensionSchemas } from '../../generated/index.js';
import { adetailer, controlNet, createWebuiClient, type Txt2imgParams } from '../../node.js';
import { extensionServer, tinyPng } from '../../testing/extension-server.js';

const pose = tinyPng(10);
/** The request body the stand-in server received (the test asserts on it). */
type SentBody = { alwayson_scripts: { ControlNet: { args: unknown[] }; ADetailer: { args: unknown[] } } };
const txt2imgBody = (server: { bodies: Array<{ route: string; body: unknown }> }) =>
  server.bodies.find((entry) => entry.route === 'POST /sdapi/v1/txt2img')?.body as SentBody;

describe('controlNet() and adetailer()', () => {
  it('always send enabled, and merge into one alwayson_scripts', () => {
    const scripts = {
      ...controlNet([
        { module: 'canny', model: 'control_v11p_sd15_canny' },
        { enabled: false, module: 'depth' },
      ]),
      ...adetailer('face_yolov8n.pt'),
    };
    expect(scripts).toEqual({
      ControlNet: {
        args: [
          { enabled: true, module: 'canny', model: 'control_v11p_sd15_canny' },
          { enabled: false, module: 'depth' },
        ],
      },
      ADetailer: { args: [true, false, { ad_model: 'face_yolov8n.pt' }] },
    });
  });

  it('send two units and ADetailer in one call, images from bytes and files encoded like init_images', async () => {
    const server = await extensionServer();
    const client = createWebuiClient({ baseUrl: server.url, target: 'a1111-1.10' });
    const dir = await mkdtemp(join(tmpdir(), 'sdwebui-cn-'));
    try {
      const path = join(dir, 'pose.png');
      await writeFile(path, Buffer.from(pose, 'base64'));
      const result = await client.txt2img({
        prompt: 'a dancer',
        alwayson_scripts: {
          ...controlNet([
            { module: 'canny', model: 'control_v11p_sd15_canny', image: path, weight: 0.8 },
            { module: 'openpose', model: 'control_v11p_sd15_openpose', image: Buffer.from(pose, 'base64'), mask: path },
          ]),
          ...adetailer([{ ad_model: 'face_yolov8n.pt', ad_confidence: 0.5 }, 'hand_yolov8n.pt']),
        },
      });
      const sent = txt2imgBody(server).alwayson_scripts;
      expect(sent.ControlNet.args).toEqual([
        { enabled: true, module: 'canny', model: 'control_v11p_sd15_canny', image: pose, weight: 0.8 },
        { enabled: true, module: 'openpose', model: 'control_v11p_sd15_openpose', image: pose, mask: pose },
      ]);
      expect(sent.ADetailer.args).toEqual([
        true,
        false,
        { ad_model: 'face_yolov8n.pt', ad_confidence: 0.5 },
        { ad_model: 'hand_yolov8n.pt' },
      ]);
      expect(result.info.extra_generation_params).toMatchObject({
        'ControlNet 0': 'Module: canny, Model: control_v11p_sd15_canny',
        'ControlNet 1': 'Module: openpose, Model: control_v11p_sd15_openpose',
        'ADetailer model': 'face_yolov8n.pt',
      });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('send a unit mask as mask_image to Forge, whose built-in ControlNet reads no other key', async () => {
    const server = await extensionServer({ version: 'f2.0.1v1.10.1-previous-669-gdfdcbab6' });
    const client = createWebuiClient({ baseUrl: server.url, target: 'forge-2' });
    await client.txt2img({ alwayson_scripts: controlNet([{ module: 'canny', image: pose, mask: pose }]) });
    expect(txt2imgBody(server).alwayson_scripts.ControlNet.args).toEqual([
      { enabled: true, module: 'canny', image: pose, mask_image: pose },
    ]);
  });

  it('fail with ImageInputError on a unit image that is neither base64 nor a file, before sending', async () => {
    const server = await extensionServer();
    const client = createWebuiClient({ baseUrl: server.url, target: 'a1111-1.10' });
    const job = client.txt2img({ alwayson_scripts: controlNet([{ module: 'canny', image: '/no/such/pose.png' }]) });
    await expect(job).rejects.toMatchObject({ kind: 'input' });
    expect(server.bodies.some((entry) => entry.route === 'POST /sdapi/v1/txt2img')).toBe(false);
  });

  it('are typed: enums as unions, unknown ADetailer keys rejected, the units fit the Forge target', () => {
    const scripts = { ...controlNet([{ module: 'canny', resize_mode: 'Just Resize' }]), ...adetailer('x.pt') };
    expectTypeOf(scripts).toExtend<NonNullable<Txt2imgParams['alwayson_scripts']>>();
    // @ts-expect-error: not a control mode
    controlNet([{ control_mode: 'Prompt first' }]);
    // @ts-expect-error: ADetailer forbids unknown keys (webuiapi's ad_mask_k_largest is rejected by 24.11+)
    adetailer({ ad_model: 'face_yolov8n.pt', ad_mask_k_largest: 0 });
    type ForgeUnit = ExtensionSchemas['forge-2']['controlnet']['ControlNetUnit'];
    type SentUnit = Omit<(typeof scripts)['ControlNet']['args'][number], 'image' | 'mask' | 'effective_region_mask'>;
    expectTypeOf<SentUnit>().toExtend<ForgeUnit>();
    // ADetailer is not part of Forge: Forge's own document has no ADetailer, so its target has none.
    expectTypeOf<ExtensionSchemas['forge-2']['adetailer']>().toEqualTypeOf<never>();
  });
});
