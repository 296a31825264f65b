import { describe, expect, expectTypeOf, it } from 'vitest';
import { createWebuiClient, NotFoundError } from '../node.js';
import { hostileServer, json } from '../testing/hostile-server.js';
import { extensionServer, tinyPng } from '../testing/extension-server.js';

describe('client.controlNet and client.adetailer', () => {
  it('read the extension routes, typed from their documents', async () => {
    const server = await extensionServer();
    const client = createWebuiClient({ baseUrl: server.url });
    expect(await client.controlNet.models()).toContain('control_v11p_sd15_canny [d14c016b]');
    expect((await client.controlNet.modules()).module_list).toEqual(expect.arrayContaining(['none', 'canny']));
    const types = await client.controlNet.controlTypes();
    expect(types.Canny?.default_option).toBe('canny');
    expectTypeOf(types.Canny?.model_list).toEqualTypeOf<string[] | undefined>();
    expect(await client.adetailer.models()).toEqual(['face_yolov8n.pt', 'hand_yolov8n.pt']);
  });

  it('detect() sends the images encoded and returns the maps decoded', async () => {
    const server = await extensionServer();
    const client = createWebuiClient({ baseUrl: server.url });
    const input = Buffer.from(tinyPng(1), 'base64');
    const result = await client.controlNet.detect({ module: 'canny', images: [input, input], thresholdA: 50 });
    expect(result.info).toBe('Success');
    expect(result.images.map((image) => image.mimeType)).toEqual(['image/png', 'image/png']);
    expect(server.bodies.find((entry) => entry.route === 'POST /controlnet/detect')?.body).toEqual({
      controlnet_module: 'canny',
      controlnet_input_images: [tinyPng(1), tinyPng(1)],
      controlnet_threshold_a: 50,
    });
  });

  it("leaves out Forge's non-image detect results instead of failing to decode them", async () => {
    const server = await hostileServer({
      'POST /controlnet/detect': json({ info: 'Success', images: ['Detect result is not image', tinyPng(3)] }),
    });
    const images = [tinyPng(1), tinyPng(2)];
    const result = await createWebuiClient({ baseUrl: server.url }).controlNet.detect({ module: 'None', images });
    expect(result.images).toHaveLength(1);
  });

  it('say which extension is missing when its route is a 404', async () => {
    const bare = await hostileServer({});
    const error = await createWebuiClient({ baseUrl: bare.url })
      .controlNet.models()
      .then(
        () => undefined,
        (caught: unknown) => caught,
      );
    expect(error).toBeInstanceOf(NotFoundError);
    expect((error as Error).message).toContain('is ControlNet installed?');
    const missing = createWebuiClient({ baseUrl: bare.url, target: 'a1111-1.10' }).adetailer.models();
    await expect(missing).rejects.toThrow(/is ADetailer installed\?$/);
    const sdnext = await hostileServer({
      'GET /sdapi/v1/version': json({ app: 'sd.next' }),
      'GET /openapi.json': json({ paths: { '/sdapi/v1/txt2img': { post: {} } } }),
    });
    await expect(createWebuiClient({ baseUrl: sdnext.url }).controlNet.models()).rejects.toThrow(
      "is ControlNet installed? (this server is SD.Next, whose extension API differs from A1111's)",
    );
  });

  it('report a wrong answer as BadResponseError, not a TypeError', async () => {
    const server = await hostileServer({ 'GET /controlnet/model_list': json({ models: [] }) });
    await expect(createWebuiClient({ baseUrl: server.url }).controlNet.models()).rejects.toMatchObject({
      kind: 'bad-response',
    });
  });
});
