import { describe, expect, it } from 'vitest';
import { testMock } from '../../../testing/test-mock.js';
import { renderPng } from '../../png/index.js';
import { parseInfotext } from '@sdwebui/infotext';
import { fastapiJson } from '../../../fastapi/python-json/index.js';
import { pyFloat, type PyJson } from '../../python/index.js';

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

  /**
   * What webuiapi 0.9.17's `ControlNetUnit(...).to_dict()` sends (EXTENSIONS.md §5), its default module `none`;
   * Python's json.dumps writes its float defaults as `1.0` and `0.0`.
   */
  const webuiapiUnit = (extra: Record<string, PyJson> = {}): Record<string, PyJson> => ({
    image: IMAGE,
    mask: null,
    module: 'none',
    model: 'None',
    weight: pyFloat(1),
    resize_mode: 'Resize and Fill',
    low_vram: false,
    processor_res: 512,
    threshold_a: 64,
    threshold_b: 64,
    guidance_start: pyFloat(0),
    guidance_end: pyFloat(1),
    control_mode: 'Balanced',
    pixel_perfect: false,
    hr_option: 'Both',
    enabled: true,
    ...extra,
  });
  const generate = async (units: PyJson[], options: { profile?: 'forge-2' | 'a1111-1.10' } = {}) => {
    const mock = testMock({ profile: options.profile ?? 'forge-2' });
    const body = { prompt: 'p', steps: 2, width: 64, height: 64, alwayson_scripts: { ControlNet: { args: units } } };
    const reply = await mock.call('POST', '/sdapi/v1/txt2img', fastapiJson(body));
    const extra = parseInfotext(JSON.parse(reply.json.info).infotexts[0]).extra;
    return { reply, extra, console: mock.webui.extensions.console.join('\n') };
  };

  it("webuiapi's unit (module `none`): the infotext is written, then the unit is skipped, and the image made", async () => {
    const { reply, extra, console } = await generate([webuiapiUnit()]);
    expect(reply.status).toBe(200);
    expect(reply.json.images).toHaveLength(1);
    expect(extra['ControlNet 0']).toBe(
      'Module: none, Model: None, Weight: 1.0, Resize Mode: Resize and Fill, Processor Res: 512, Threshold A: 64, ' +
        'Threshold B: 64, Guidance Start: 0.0, Guidance End: 1.0, Pixel Perfect: False, Control Mode: Balanced, Hr Option: Both',
    );
    expect(console).toContain("'NoneType' object has no attribute");
    // webuiapi without an image sends "": decoding it fails before the infotext is written.
    expect((await generate([webuiapiUnit({ image: '' })])).extra).not.toHaveProperty('ControlNet 0');
    // sd-webui-controlnet 1.1.455 takes the same unit (its `none` exists) and writes its own infotext.
    expect((await generate([webuiapiUnit()], { profile: 'a1111-1.10' })).extra['ControlNet 0']).toContain(
      'Module: none',
    );
  });

  it('prints Forge defaults as Python does, leaves -1 out, reads mask_image only, ignores control_net_no_detectmap', async () => {
    const unit = { module: 'canny', model: 'control_v11p_sd15_canny', image: IMAGE };
    const plain = await generate([unit]);
    expect(plain.extra['ControlNet 0']).toBe(
      'Module: canny, Model: control_v11p_sd15_canny, Weight: 1.0, Resize Mode: ResizeMode.INNER_FIT, Guidance Start: 0.0, ' +
        'Guidance End: 1.0, Pixel Perfect: False, Control Mode: ControlMode.BALANCED, Hr Option: HiResFixOption.BOTH',
    );
    expect(plain.reply.json.images).toHaveLength(2);
    expect((await generate([{ ...unit, mask: IMAGE }])).reply.json.images).toHaveLength(2);
    expect((await generate([{ ...unit, mask_image: IMAGE }])).reply.json.images).toHaveLength(3);
    expect((await generate([{ ...unit, save_detected_map: false }])).reply.json.images).toHaveLength(1);
    const { call, webui } = testMock({ profile: 'forge-2' });
    await call('POST', '/sdapi/v1/options', { control_net_no_detectmap: true });
    expect(webui.options.get('control_net_no_detectmap')).toBe(true);
    const body = { prompt: 'p', steps: 2, width: 64, height: 64, alwayson_scripts: { ControlNet: { args: [unit] } } };
    expect((await call('POST', '/sdapi/v1/txt2img', body)).json.images).toHaveLength(2);
  });

  it('stops at the first failing unit (no model), keeping the maps already attached and every infotext entry', async () => {
    const good = { module: 'canny', model: 'control_v11p_sd15_canny', image: IMAGE };
    const { reply, extra, console } = await generate([{ module: 'None', image: IMAGE }, good]);
    expect(Object.keys(extra).filter((key) => key.startsWith('ControlNet'))).toEqual(['ControlNet 0', 'ControlNet 1']);
    // Unit 0's map was attached before its model was asserted; unit 1 never ran.
    expect(reply.json.images).toHaveLength(2);
    expect(console).toContain('You have not selected any control model!');
    expect((await generate([{ ...good, enabled: false }, good])).extra).not.toHaveProperty('ControlNet 1');
  });

  it('lists no `controlnet m2m` script, so webuiapi sees no ControlNet extension', async () => {
    const { call } = testMock({ profile: 'forge-2' });
    expect((await call('GET', '/sdapi/v1/scripts')).json.txt2img).not.toContain('controlnet m2m');
    expect((await call('GET', '/sdapi/v1/scripts')).json.txt2img).toContain('controlnet');
  });
});
