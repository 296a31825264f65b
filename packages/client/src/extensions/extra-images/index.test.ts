import { describe, expect, it } from 'vitest';
import { adetailer, controlNet, createWebuiClient } from '../../node.js';
import { extensionServer, tinyPng } from '../../testing/extension-server.js';
import { splitExtraImages } from './index.js';

const units = (list: Array<Record<string, unknown>>) => ({ ControlNet: { args: list } });

describe('splitExtraImages', () => {
  it('counts images beyond info.infotexts as extras, one block of maps per unit that saves them', () => {
    const scripts = units([
      { enabled: true },
      { enabled: false },
      { enabled: true, save_detected_map: false },
      { enabled: true },
    ]);
    expect(splitExtraImages(5, ['a', 'b', 'c'], scripts)).toEqual({
      generated: 3,
      extras: [
        { source: 'controlnet', unit: 0 },
        { source: 'controlnet', unit: 3 },
      ],
    });
    // Hires fix: two maps per unit (high-res first).
    expect(splitExtraImages(5, ['a'], units([{ enabled: true }, { enabled: true }])).extras).toEqual([
      { source: 'controlnet', unit: 0 },
      { source: 'controlnet', unit: 0 },
      { source: 'controlnet', unit: 1 },
      { source: 'controlnet', unit: 1 },
    ]);
  });

  it('labels extras it cannot attribute as unknown, and keeps everything when infotexts is missing', () => {
    expect(splitExtraImages(2, ['a'], {}).extras).toEqual([{ source: 'unknown' }]);
    expect(splitExtraImages(4, ['a'], units([{ enabled: true }, { enabled: true }])).extras).toEqual([
      { source: 'controlnet' },
      { source: 'controlnet' },
      { source: 'controlnet' },
    ]);
    expect(splitExtraImages(3, 'not a list', units([{ enabled: true }]))).toEqual({ generated: 3, extras: [] });
    expect(splitExtraImages(1, ['a', 'b'], {})).toEqual({ generated: 1, extras: [] });
  });
});

describe('generation results', () => {
  it('keep detected maps out of images and label them in extraImages', async () => {
    const server = await extensionServer();
    const client = createWebuiClient({ baseUrl: server.url, target: 'a1111-1.10' });
    const result = await client.txt2img({
      prompt: 'two units',
      batch_size: 2,
      alwayson_scripts: {
        ...controlNet([
          { module: 'canny', image: tinyPng(5) },
          { module: 'depth', image: tinyPng(6), save_detected_map: false },
          { module: 'openpose', image: tinyPng(7) },
        ]),
        ...adetailer('face_yolov8n.pt'),
      },
    });
    expect(result.images.map((image) => image.infotext)).toEqual(['two units\nSeed: 1', 'two units\nSeed: 2']);
    expect(result.images.map((image) => image.seed)).toEqual([1, 2]);
    expect(result.extraImages.map(({ source, unit, infotext }) => ({ source, unit, infotext }))).toEqual([
      { source: 'controlnet', unit: 0, infotext: undefined },
      { source: 'controlnet', unit: 2, infotext: undefined },
    ]);
    expect(result.extraImages[0]?.mimeType).toBe('image/png');
  });

  it('have no extra images without extensions', async () => {
    const server = await extensionServer();
    const result = await createWebuiClient({ baseUrl: server.url, target: 'a1111-1.10' }).txt2img({ prompt: 'x' });
    expect(result.extraImages).toEqual([]);
    expect(result.images).toHaveLength(1);
  });
});
