import { parseInfotext, readPngParameters } from '@sdwebui/infotext';
import { describe, expect, it } from 'vitest';
import { createWebuiClient } from '../client.js';
import { useMocks } from '../testing/mock-servers.js';
import { adetailer } from './adetailer/index.js';
import { controlNet } from './controlnet/index.js';

const mock = useMocks();

describe('extension units against the mock webui (ControlNet and ADetailer installed)', () => {
  it('two ControlNet units and ADetailer in one call: maps labelled, entries in the PNG infotext', async () => {
    const server = await mock({ stepMs: 1 });
    const client = createWebuiClient({ baseUrl: server.url });
    const pose = (await client.txt2img({ prompt: 'pose', steps: 1, width: 64, height: 64 })).images[0]?.bytes;
    const models = await client.controlNet.models();
    expect(models.length).toBeGreaterThan(1);
    const result = await client.txt2img({
      prompt: 'a knight',
      steps: 2,
      width: 64,
      height: 64,
      alwayson_scripts: {
        ...controlNet([
          { module: 'canny', model: models[0], image: pose, weight: 0.8 },
          { module: 'depth_midas', model: models[1], image: pose },
        ]),
        ...adetailer([{ ad_model: 'face_yolov8n.pt' }]),
      },
    });
    expect(result.images).toHaveLength(1);
    expect(result.extraImages.map((image) => [image.source, image.unit])).toEqual([
      ['controlnet', 0],
      ['controlnet', 1],
    ]);
    const png = result.images[0]?.bytes;
    const parameters = png === undefined ? undefined : readPngParameters(png);
    expect(parameters).toBeDefined();
    const fields = parseInfotext(parameters ?? '').params;
    expect(fields['ControlNet 0']).toContain('Module: canny');
    expect(fields['ControlNet 0']).toContain('Weight: 0.8');
    expect(fields['ControlNet 1']).toContain('Module: depth_midas');
    expect(fields['ADetailer model']).toBe('face_yolov8n.pt');
    // No unrequested second ADetailer pass: both leading flags are sent.
    expect(fields['ADetailer model 2nd']).toBeUndefined();
  });
});
