import { createMockServer } from '@sdwebui/mock';
import { describe, expect, it } from 'vitest';
import { runCli } from '../index.js';
import { captureIo } from '../testing/io.js';

const run = async (args: string[]) => {
  const io = captureIo();
  const code = await runCli(['node', 'sdwebui', ...args], { io, env: {} });
  return { code, stdout: io.stdout, stderr: io.stderr };
};

// Issue #24: `sdwebui vaes` on Forge printed a raw 404, and there was no `modules` command.
describe("VAEs and Forge's modules", () => {
  it('Forge: `modules` lists its VAE and text-encoder files; `vaes` says to use it', async () => {
    const forge = await createMockServer({ profile: 'forge-2' });
    try {
      expect(await run(['modules', '--url', forge.url])).toEqual({
        code: 0,
        stdout: ['ae.safetensors\nclip_l.safetensors\nt5xxl_fp16.safetensors'],
        stderr: [],
      });
      expect(await run(['vaes', '--url', forge.url])).toEqual({
        code: 1,
        stdout: [],
        stderr: [
          'error: GET /sdapi/v1/sd-vae: Forge has no VAE list: it takes VAEs and text encoders as modules (`sdwebui modules`, override_settings.forge_additional_modules)',
        ],
      });
    } finally {
      await forge.close();
    }
  });

  it("A1111: `vaes` lists them; `modules` says they are Forge's", async () => {
    const a1111 = await createMockServer();
    try {
      const vaes = await run(['vaes', '--url', a1111.url]);
      expect(vaes.code).toBe(0);
      expect(vaes.stdout[0]?.length).toBeGreaterThan(0);
      const modules = await run(['modules', '--url', a1111.url]);
      expect(modules.code).toBe(1);
      expect(modules.stderr[0]).toMatch(/^error: GET \/sdapi\/v1\/sd-modules: modules are Forge's .*`sdwebui vaes`$/);
    } finally {
      await a1111.close();
    }
  });
});

describe('the names --controlnet and --adetailer take', () => {
  it('controlnet-models, controlnet-modules and adetailer-models list them', async () => {
    const mock = await createMockServer();
    try {
      expect((await run(['controlnet-models', '--url', mock.url])).stdout[0]).toMatch(/^control_v11p_sd15_canny \[/);
      expect((await run(['controlnet-modules', '--url', mock.url])).stdout[0]?.split('\n')).toContain('canny');
      expect((await run(['adetailer-models', '--url', mock.url])).stdout[0]?.split('\n')).toContain('face_yolov8n.pt');
      const json = await run(['adetailer-models', '--json', '--url', mock.url]);
      expect(JSON.parse(json.stdout.join('\n'))).toContain('face_yolov8n.pt');
    } finally {
      await mock.close();
    }
  });
});
