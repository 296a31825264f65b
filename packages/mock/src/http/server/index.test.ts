import sdwebui from 'node-sd-webui';
import { describe, expect, it } from 'vitest';
import { createMockServer } from './index.js';

describe('createMockServer', () => {
  it('listens on loopback, on a free port by default', async () => {
    const mock = await createMockServer();
    try {
      expect(mock.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect((await fetch(`${mock.url}/internal/ping`)).status).toBe(200);
      expect(mock.requests.map((request) => request.path)).toEqual(['/internal/ping']);
    } finally {
      await mock.close();
    }
  });

  it('replays the built-in cassettes made from real recordings', async () => {
    const mock = await createMockServer({ recordings: 'builtin' });
    try {
      const loras = (await (await fetch(`${mock.url}/sdapi/v1/sd-models`)).json()) as Array<{
        model_name: string;
        hash: string | null;
      }>;
      expect(loras.map((model) => model.model_name)).toEqual([
        'deliberate_v2',
        'disneyPixarCartoon_v10',
        'pixarStyleModel_v10',
      ]);
      expect(loras[0]?.hash).toBeNull();
    } finally {
      await mock.close();
    }
  });

  // node-sd-webui 0.0.8 (2023) reads the infotext by position, which the 1.9+ `Schedule type`
  // key shifts; run it against the release it was written for.
  it('works unchanged with a third-party client (node-sd-webui): txt2img then png-info', async () => {
    const mock = await createMockServer({ profile: 'a1111-1.7' });
    try {
      const client = sdwebui({ apiUrl: mock.url });
      const { images, info } = await client.txt2img({
        prompt: 'a photo of a mushroom',
        steps: 4,
        width: 64,
        height: 48,
        seed: 7,
        cfgScale: 6,
      });
      expect(images).toHaveLength(1);
      expect(JSON.parse(info as unknown as string)).toMatchObject({
        prompt: 'a photo of a mushroom',
        steps: 4,
        seed: 7,
      });
      const described = await client.pngInfo({ imageData: images[0] as string });
      expect(described).toEqual({
        prompt: 'a photo of a mushroom',
        steps: 4,
        samplingMethod: 'Euler',
        cfgScale: 6,
        seed: 7,
        width: 64,
        height: 48,
        modelHash: '6ce0161689',
        model: 'v1-5-pruned-emaonly',
      });
    } finally {
      await mock.close();
    }
  });
});
