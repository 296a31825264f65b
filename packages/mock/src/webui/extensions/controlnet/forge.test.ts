import { describe, expect, it } from 'vitest';
import { testMock } from '../../../testing/test-mock.js';
import { renderPng } from '../../png/index.js';

const IMAGE = Buffer.from(await renderPng(32, 24, 'control image')).toString('base64');

// EXTENSIONS.md §3.10–3.11: Forge's built-in ControlNet, switched on by the forge-2 profile.
describe("Forge's built-in ControlNet (profile forge-2)", () => {
  it('is installed whatever `extensions` says, with ADetailer still optional', async () => {
    const bare = testMock({ profile: 'forge-2', extensions: [] });
    expect(bare.webui.extensions.installed).toEqual(['controlnet']);
    expect((await bare.call('GET', '/controlnet/model_list')).status).toBe(200);
    expect((await bare.call('GET', '/adetailer/v1/version')).status).toBe(404);
    const full = testMock({ profile: 'forge-2' });
    expect(full.webui.extensions.installed).toEqual(['controlnet', 'adetailer']);
    expect((await full.call('GET', '/adetailer/v1/version')).status).toBe(200);
    expect(testMock({ profile: 'a1111-1.10', extensions: [] }).webui.extensions.installed).toEqual([]);
  });

  it('serves its routes: "None" first in model_list and module_list, no version/settings/render_openpose_json', async () => {
    const { call } = testMock({ profile: 'forge-2' });
    const models = (await call('GET', '/controlnet/model_list')).json.model_list;
    expect(models[0]).toBe('None');
    expect(models.length).toBeGreaterThan(1);
    const modules = await call('GET', '/controlnet/module_list');
    expect(Object.keys(modules.json)).toEqual(['module_list']);
    expect(modules.json.module_list[0]).toBe('None');
    expect(modules.json.module_list).toContain('depth_midas');
    expect(modules.json.module_list).not.toContain('depth');
    expect(modules.json.module_list).not.toContain('none');
    const types = (await call('GET', '/controlnet/control_types')).json.control_types;
    expect(types.All.module_list[0]).toBe('None');
    expect(types.All.default_option).toBe('none');
    expect(types.Depth.module_list[0]).toBe('None');
    for (const [method, path] of [
      ['GET', '/controlnet/version'],
      ['GET', '/controlnet/settings'],
      ['POST', '/controlnet/render_openpose_json'],
    ] as const) {
      const reply = await call(method, path, method === 'POST' ? [] : undefined);
      expect([path, reply.status, reply.json]).toEqual([path, 404, { detail: 'Not Found' }]);
    }
  });

  it("detects with display names and answers Forge's {detail} errors", async () => {
    const { call } = testMock({ profile: 'forge-2' });
    const missing = await call('POST', '/controlnet/detect', { controlnet_input_images: [IMAGE] });
    expect([missing.status, missing.json]).toEqual([422, { detail: 'Module not available' }]);
    const internal = await call('POST', '/controlnet/detect', {
      controlnet_module: 'depth',
      controlnet_input_images: [IMAGE],
    });
    expect([internal.status, internal.json]).toEqual([422, { detail: 'Module not available' }]);
    const empty = await call('POST', '/controlnet/detect', { controlnet_module: 'canny' });
    expect([empty.status, empty.json]).toEqual([422, { detail: 'No image selected' }]);
    const made = await call('POST', '/controlnet/detect', {
      controlnet_module: 'depth_midas',
      controlnet_input_images: [IMAGE],
    });
    expect(made.status).toBe(200);
    expect(made.json.info).toBe('Success');
    expect(made.json.images).toHaveLength(1);
  });

  it('runs a unit that omits `enabled` and `module` defaults (enabled, None) in a generation', async () => {
    const { call } = testMock({ profile: 'forge-2' });
    const body = {
      prompt: 'p',
      steps: 2,
      width: 64,
      height: 64,
      alwayson_scripts: { controlnet: { args: [{ module: 'canny', model: 'control_v11p_sd15_canny', image: IMAGE }] } },
    };
    const reply = await call('POST', '/sdapi/v1/txt2img', body);
    expect(reply.status).toBe(200);
    expect(JSON.parse(reply.json.info).infotexts[0]).toContain('ControlNet 0: "Module: canny');
    // The same unit on A1111 with sd-webui-controlnet is disabled by default.
    const a1111 = await testMock({ profile: 'a1111-1.10' }).call('POST', '/sdapi/v1/txt2img', body);
    expect(JSON.parse(a1111.json.info).infotexts[0]).not.toContain('ControlNet 0');
  });
});
