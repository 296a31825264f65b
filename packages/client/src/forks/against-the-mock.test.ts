import { describe, expect, it } from 'vitest';
import { createWebuiClient } from '../client.js';
import { useMocks } from '../testing/mock-servers.js';

const mock = useMocks();

// Issue #24: the client README's Flux recipe failed on the Forge mock, which had no Flux checkpoint.
describe("the README's Flux-dev recipe on the Forge mock", () => {
  it('runs as written: model, modules and the Flux fields are accepted and reach the infotext', async () => {
    const server = await mock({ profile: 'forge-2' });
    // The recipe, with a small size and few steps for the test.
    const client = createWebuiClient({ baseUrl: server.url, target: 'forge-2' });
    const { images, info } = await client.txt2img(
      {
        prompt: 'a lighthouse at dusk, volumetric light',
        width: 64,
        height: 64,
        steps: 2,
        sampler_name: 'Euler',
        scheduler: 'Simple',
        cfg_scale: 1,
        distilled_cfg_scale: 3.5,
        override_settings: {
          forge_additional_modules: ['ae.safetensors', 'clip_l.safetensors', 't5xxl_fp16.safetensors'],
        },
      },
      { model: 'flux1-dev-bnb-nf4-v2' },
    );
    expect(images).toHaveLength(1);
    expect(info.sd_model_name).toBe('flux1-dev-bnb-nf4-v2');
    expect(images[0]?.infotext).toContain('Module 1: ae, Module 2: clip_l, Module 3: t5xxl_fp16');
  });
});
