import { parseInfotext, readPngParameters, readPngText } from '@sdwebui/infotext';
import { crc32 } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { testMock } from '../../testing/test-mock.js';
import { pngSize, renderPng } from '../png/index.js';
import { fastapiJson } from '../../fastapi/python-json/index.js';
import { pyFloat, type PyJson } from '../python/index.js';

const IMAGE = Buffer.from(await renderPng(32, 24, 'control image')).toString('base64');
const decode = (b64: string) => new Uint8Array(Buffer.from(b64, 'base64'));
const WEBUI = (detail: string) => ({ error: 'HTTPException', detail, body: '', errors: '' });

/** What webuiapi 0.9.17's `ControlNetUnit(...).to_dict()` sends: every key, its defaults. */
const webuiapiUnit = (extra: Record<string, unknown> = {}) => ({
  image: IMAGE,
  mask: null,
  module: 'none',
  model: 'None',
  weight: 1.0,
  resize_mode: 'Resize and Fill',
  low_vram: false,
  processor_res: 512,
  threshold_a: 64,
  threshold_b: 64,
  guidance_start: 0.0,
  guidance_end: 1.0,
  control_mode: 'Balanced',
  pixel_perfect: false,
  hr_option: 'Both',
  enabled: true,
  ...extra,
});

/** What webuiapi's `ADetailer(ad_model).to_dict()` sends: the 23.x keys, `ad_mask_k_largest` included. */
const webuiapiAdetailer = (ad_model: string) => ({
  ad_model,
  ad_model_classes: '',
  ad_tab_enable: true,
  ad_prompt: '',
  ad_negative_prompt: '',
  ad_confidence: 0.3,
  ad_mask_k_largest: 0.0,
  ad_mask_min_ratio: 0.0,
  ad_mask_max_ratio: 1.0,
  ad_dilate_erode: 4,
  ad_x_offset: 0,
  ad_y_offset: 0,
  ad_mask_merge_invert: 'None',
  ad_mask_blur: 4,
  ad_denoising_strength: 0.4,
  ad_inpaint_only_masked: true,
  ad_inpaint_only_masked_padding: 32,
  ad_use_inpaint_width_height: false,
  ad_inpaint_width: 512,
  ad_inpaint_height: 512,
  ad_use_steps: false,
  ad_steps: 28,
  ad_use_cfg_scale: false,
  ad_cfg_scale: 7.0,
  ad_use_checkpoint: false,
  ad_checkpoint: null,
  ad_use_vae: false,
  ad_vae: null,
  ad_use_sampler: false,
  ad_sampler: 'DPM++ 2M Karras',
  ad_scheduler: 'Use same scheduler',
  ad_use_noise_multiplier: false,
  ad_noise_multiplier: 1.0,
  ad_use_clip_skip: false,
  ad_clip_skip: 1,
  ad_restore_face: false,
  ad_controlnet_model: 'None',
  ad_controlnet_module: 'None',
  ad_controlnet_weight: 1.0,
  ad_controlnet_guidance_start: 0.0,
  ad_controlnet_guidance_end: 1.0,
});

const base = { prompt: 'a house', steps: 2, width: 64, height: 48, seed: 5 };

describe('ControlNet and ADetailer in a generation', () => {
  it('two ControlNet units and ADetailer: entries in the PNG infotext and info, maps appended after the image', async () => {
    const { call } = testMock();
    const reply = await call('POST', '/sdapi/v1/txt2img', {
      ...base,
      alwayson_scripts: {
        controlnet: {
          args: [
            { enabled: true, module: 'canny', model: 'control_v11p_sd15_canny [d14c016b]', image: IMAGE },
            {
              enabled: true,
              module: 'depth_midas',
              model: 'openpose',
              weight: 0.6,
              image: { image: IMAGE },
              guidance_end: 0.8,
            },
          ],
        },
        ADetailer: {
          args: [
            true,
            false,
            { ad_model: 'face_yolov8n.pt' },
            { ad_model: 'hand_yolov8n.pt', ad_prompt: 'detailed hands, 5 fingers' },
          ],
        },
      },
    });
    expect(reply.status).toBe(200);
    const info = JSON.parse(reply.json.info);
    expect(reply.json.images).toHaveLength(3);
    expect(info.infotexts).toHaveLength(1);
    const parsed = parseInfotext(readPngParameters(decode(reply.json.images[0])) as string);
    expect(parsed.extra['ControlNet 0']).toBe(
      'Module: canny, Model: control_v11p_sd15_canny [d14c016b], Weight: 1.0, Resize Mode: Crop and Resize, Processor Res: 512, ' +
        'Threshold A: 100, Threshold B: 200, Guidance Start: 0.0, Guidance End: 1.0, Pixel Perfect: False, Control Mode: Balanced',
    );
    expect(parsed.extra['ControlNet 1']).toContain('Module: depth_midas, Model: openpose, Weight: 0.6,');
    expect(parsed.extra['ControlNet 1']).toContain('Guidance End: 0.8,');
    expect(parsed.extra).toMatchObject({
      'ADetailer model': 'face_yolov8n.pt',
      'ADetailer confidence': '0.3',
      'ADetailer model 2nd': 'hand_yolov8n.pt',
      'ADetailer prompt 2nd': 'detailed hands, 5 fingers',
      'ADetailer version': '25.3.0',
    });
    expect(parsed.version).toBe('v1.10.1');
    expect(info.extra_generation_params).toMatchObject({
      'ADetailer confidence': 0.3,
      'ADetailer inpaint only masked': true,
      'ControlNet 0': parsed.extra['ControlNet 0'],
    });
    // Maps: one per enabled unit at the generation size, without a parameters chunk.
    for (const map of reply.json.images.slice(1)) {
      expect(pngSize(decode(map))).toEqual({ width: 64, height: 48 });
      expect(readPngText(decode(map))).toEqual([]);
    }
  });

  it('accepts what webuiapi sends (ControlNet key, every unit field) and writes the thresholds it sent', async () => {
    const { call, webui } = testMock();
    const reply = await call('POST', '/sdapi/v1/txt2img', {
      ...base,
      alwayson_scripts: { ControlNet: { args: [webuiapiUnit({ module: 'canny', model: 'control_v11p_sd15_canny' })] } },
    });
    expect(reply.status).toBe(200);
    expect(reply.json.images).toHaveLength(2);
    expect(JSON.parse(reply.json.info).infotexts[0]).toContain(
      'Resize Mode: Resize and Fill, Processor Res: 512, Threshold A: 64.0, Threshold B: 64.0,',
    );
    expect(reply.json.parameters.alwayson_scripts.ControlNet.args[0].image).toBe(IMAGE);
    expect(webui.extensions.console).toEqual([]);
  });

  it('a whole webuiapi txt2img payload with ControlNetUnit and ADetailer objects is answered; its start-up checks pass', async () => {
    const { call, webui } = testMock();
    const scripts = (await call('GET', '/sdapi/v1/scripts')).json;
    // WebUIApi() sets has_controlnet / has_adetailer from these.
    expect(scripts.txt2img).toContain('controlnet m2m');
    expect(scripts.txt2img).toContain('adetailer');
    const payload = {
      enable_hr: false,
      denoising_strength: 0.7,
      firstphase_width: 0,
      firstphase_height: 0,
      hr_scale: 2,
      hr_upscaler: 'Latent',
      hr_second_pass_steps: 0,
      hr_resize_x: 0,
      hr_resize_y: 0,
      prompt: 'a house',
      styles: [],
      seed: -1,
      subseed: -1,
      subseed_strength: 0.0,
      seed_resize_from_h: 0,
      seed_resize_from_w: 0,
      sampler_name: 'Euler a',
      batch_size: 1,
      n_iter: 1,
      steps: 2,
      cfg_scale: 7.0,
      width: 64,
      height: 48,
      restore_faces: false,
      tiling: false,
      do_not_save_samples: false,
      do_not_save_grid: false,
      negative_prompt: '',
      eta: 1.0,
      s_churn: 0,
      s_tmax: 0,
      s_tmin: 0,
      s_noise: 1,
      override_settings: {},
      override_settings_restore_afterwards: true,
      script_args: [],
      sampler_index: 'Euler a',
      script_name: null,
      send_images: true,
      save_images: false,
      scheduler: 'automatic',
      alwayson_scripts: {
        ControlNet: { args: [webuiapiUnit({ module: 'canny', model: 'control_v11p_sd15_canny [d14c016b]' })] },
        ADetailer: { args: [true, webuiapiAdetailer('face_yolov8n.pt')] },
      },
    };
    const reply = await call('POST', '/sdapi/v1/txt2img', payload);
    expect(reply.status).toBe(200);
    expect(reply.json.images).toHaveLength(2);
    const extra = parseInfotext(readPngParameters(decode(reply.json.images[0])) as string).extra;
    expect(extra['ControlNet 0']).toContain('Module: canny, Model: control_v11p_sd15_canny [d14c016b], Weight: 1.0');
    expect(extra['ADetailer model']).toBe('face_yolov8n.pt');
    expect(webui.extensions.console.join('\n')).toContain('extra fields not permitted');
  });

  it("webuiapi's ControlNetUnit and ADetailer on forge-2: the built-in ControlNet skips the `none` unit after writing it, ADetailer refuses the dict", async () => {
    const { call, webui } = testMock({ profile: 'forge-2' });
    // WebUIApi() finds no `controlnet m2m` on Forge (has_controlnet false), but ADetailer.
    const scripts = (await call('GET', '/sdapi/v1/scripts')).json;
    expect([scripts.txt2img.includes('controlnet m2m'), scripts.txt2img.includes('adetailer')]).toEqual([false, true]);
    const floats = { weight: pyFloat(1), guidance_start: pyFloat(0), guidance_end: pyFloat(1) };
    const body = {
      ...base,
      alwayson_scripts: {
        ControlNet: { args: [{ ...webuiapiUnit(), ...floats }] },
        ADetailer: { args: [true, webuiapiAdetailer('hand_yolov8n.pt')] },
      },
    };
    const reply = await call('POST', '/sdapi/v1/txt2img', fastapiJson(body as unknown as PyJson));
    expect(reply.status).toBe(200);
    expect(reply.json.images).toHaveLength(1);
    const extra = parseInfotext(JSON.parse(reply.json.info).infotexts[0]).extra;
    expect(extra['ControlNet 0']).toMatch(/^Module: none, Model: None, Weight: 1\.0, Resize Mode: Resize and Fill, /);
    expect(extra['ADetailer model']).toBe('face_yolov8n.pt');
    const printed = webui.extensions.console.join('\n');
    expect(printed).toContain('sd_forge_controlnet/scripts/controlnet.py');
    expect(printed).toContain('ad_mask_k_largest');
  });

  it('ADetailer reads the other positional forms: dicts only, and [true, false, tab]', async () => {
    const { call } = testMock();
    const twoTabs = await call('POST', '/sdapi/v1/txt2img', {
      ...base,
      alwayson_scripts: {
        adetailer: { args: [{ ad_model: 'hand_yolov8n.pt' }, { ad_model: 'person_yolov8n-seg.pt' }] },
      },
    });
    const extra = parseInfotext(JSON.parse(twoTabs.json.info).infotexts[0]).extra;
    expect([extra['ADetailer model'], extra['ADetailer model 2nd'], extra['ADetailer model 3rd']]).toEqual([
      'hand_yolov8n.pt',
      'person_yolov8n-seg.pt',
      'face_yolov8n.pt',
    ]);
    const exact = await call('POST', '/sdapi/v1/txt2img', {
      ...base,
      alwayson_scripts: {
        adetailer: { args: [true, false, { ad_model: 'hand_yolov8n.pt', ad_use_steps: true, ad_steps: 9 }] },
      },
    });
    const single = parseInfotext(JSON.parse(exact.json.info).infotexts[0]).extra;
    expect(single).toMatchObject({
      'ADetailer model': 'hand_yolov8n.pt',
      'ADetailer use separate steps': 'True',
      'ADetailer steps': '9',
    });
    expect(Object.keys(single).some((key) => key.endsWith(' 2nd'))).toBe(false);
  });

  it("rejects webuiapi's ADetailer dicts (ad_mask_k_largest) as ADetailer ≥ 24.11 does; the tab-1 default still runs", async () => {
    const { call, webui } = testMock();
    const reply = await call('POST', '/sdapi/v1/txt2img', {
      ...base,
      alwayson_scripts: { ADetailer: { args: [true, webuiapiAdetailer('hand_yolov8n.pt')] } },
    });
    expect(reply.status).toBe(200);
    const extra = parseInfotext(JSON.parse(reply.json.info).infotexts[0]).extra;
    expect(extra['ADetailer model']).toBe('face_yolov8n.pt');
    expect(Object.keys(extra).some((key) => key.includes('2nd'))).toBe(false);
    expect(webui.extensions.console.join('\n')).toContain(
      '[-] ADetailer: ValidationError when validating 1st arguments: 1 validation error for ADetailerArgs\nad_mask_k_largest\n  extra fields not permitted (type=value_error.extra)',
    );
  });

  it('a disabled slot does not count: an enabled unit in slot 1 is written as ControlNet 0; keys match case-insensitively', async () => {
    const { call } = testMock();
    const reply = await call('POST', '/sdapi/v1/txt2img', {
      ...base,
      alwayson_scripts: {
        CONTROLNET: {
          args: [
            { enabled: false, module: 'canny' },
            { enabled: true, module: 'reference_only', image: IMAGE },
          ],
        },
      },
    });
    const extra = parseInfotext(JSON.parse(reply.json.info).infotexts[0]).extra;
    expect(Object.keys(extra).filter((key) => key.startsWith('ControlNet'))).toEqual(['ControlNet 0']);
    expect(extra['ControlNet 0']).toContain('Module: reference_only, Model: None,');
    expect(extra['ControlNet 0']).toContain('Threshold A: 0.5, Threshold B: 0.5,');
  });

  it.each([
    [{ weight: 3 }, 'weight\n  ensure this value is less than or equal to 2'],
    [{ module: 'Canny' }, 'module(Canny) not found in supported modules.'],
    [{ guidance_start: 0.8, guidance_end: 0.2 }, 'guidance_start(0.8) > guidance_end(0.2)'],
    [{ resize_mode: 1 }, 'resize_mode'],
    [{ control_mode: 'Prefer ControlNet' }, "value is not a valid enumeration member; permitted: 'Balanced'"],
    [{ input_image: 'x' }, "Conflict of field 'input_image' and 'image'"],
  ])('a unit the extension refuses (%j): 200 without ControlNet, its message on the console', async (bad, message) => {
    const { call, webui } = testMock();
    const reply = await call('POST', '/sdapi/v1/txt2img', {
      ...base,
      alwayson_scripts: {
        controlnet: {
          args: [
            { enabled: true, module: 'canny', model: 'canny', image: IMAGE },
            { enabled: true, module: 'canny', model: 'canny', image: IMAGE, ...bad },
          ],
        },
      },
    });
    expect(reply.status).toBe(200);
    expect(reply.json.images).toHaveLength(1);
    expect(JSON.parse(reply.json.info).infotexts[0]).not.toContain('ControlNet');
    expect(webui.extensions.console[0]).toMatch(
      /^Error running process: .*sd-webui-controlnet\/scripts\/controlnet\.py$/,
    );
    expect(webui.extensions.console[1]).toContain('validation error for ControlNetUnit');
    expect(webui.extensions.console[1]).toContain(message);
  });

  it.each([
    [{ model: 'nope' }, 'RuntimeError: model not found: nope'],
    [{ model: 'None' }, 'RuntimeError: You have not selected any ControlNet Model.'],
    [{ image: null }, 'controlnet is enabled but no input image is given'],
    [{ image: '' }, 'Invalid encoded image'],
  ])('a unit that fails to load (%j): infotext kept, no maps, message on the console', async (bad, message) => {
    const { call, webui } = testMock();
    const reply = await call('POST', '/sdapi/v1/txt2img', {
      ...base,
      alwayson_scripts: {
        controlnet: { args: [{ enabled: true, module: 'canny', model: 'canny', image: IMAGE, ...bad }] },
      },
    });
    expect(reply.status).toBe(200);
    expect(reply.json.images).toHaveLength(1);
    expect(JSON.parse(reply.json.info).infotexts[0]).toContain('ControlNet 0: "Module: canny');
    expect(webui.extensions.console.join('\n')).toContain(message);
  });

  it('refuses an SD1.5 ControlNet model on the SDXL checkpoint', async () => {
    const { call, webui } = testMock();
    const reply = await call('POST', '/sdapi/v1/txt2img', {
      ...base,
      override_settings: { sd_model_checkpoint: 'sd_xl_base_1.0' },
      alwayson_scripts: { controlnet: { args: [{ enabled: true, module: 'canny', model: 'canny', image: IMAGE }] } },
    });
    expect(reply.json.images).toHaveLength(1);
    expect(webui.extensions.console.join('\n')).toContain(
      'is not compatible with sd model(StableDiffusionVersion.SDXL)',
    );
  });

  it('hires fix: the high-res map first, then the low-res one; save_detected_map false adds none', async () => {
    const { call } = testMock();
    const unit = { enabled: true, module: 'canny', model: 'canny', image: IMAGE };
    const reply = await call('POST', '/sdapi/v1/txt2img', {
      ...base,
      enable_hr: true,
      hr_scale: 2,
      alwayson_scripts: { controlnet: { args: [unit, { ...unit, save_detected_map: false }] } },
    });
    expect(reply.json.images.map((image: string) => pngSize(decode(image)))).toEqual([
      { width: 128, height: 96 },
      { width: 128, height: 96 },
      { width: 64, height: 48 },
    ]);
  });

  it('img2img: a unit without an image uses the init image; the extra unit beyond control_net_unit_count is dropped', async () => {
    const { call } = testMock();
    const unit = { enabled: true, module: 'none', model: 'lineart' };
    const reply = await call('POST', '/sdapi/v1/img2img', {
      ...base,
      init_images: [IMAGE],
      alwayson_scripts: { controlnet: { args: [unit, unit, unit, unit] } },
    });
    expect(reply.status).toBe(200);
    expect(reply.json.images).toHaveLength(4);
    expect(JSON.parse(reply.json.info).infotexts[0]).toContain('ControlNet 2: ');
    expect(JSON.parse(reply.json.info).infotexts[0]).not.toContain('ControlNet 3');
  });

  it('an args value A1111 cannot copy is its 500 TypeError', async () => {
    const { call } = testMock();
    expect(
      await call('POST', '/sdapi/v1/txt2img', { ...base, alwayson_scripts: { controlnet: { args: 5 } } }),
    ).toMatchObject({
      status: 500,
      json: { error: 'TypeError', detail: '', body: '', errors: "object of type 'int' has no len()" },
    });
    expect((await call('POST', '/sdapi/v1/txt2img', { ...base, alwayson_scripts: { controlnet: {} } })).status).toBe(
      200,
    );
  });

  it('ADetailer: an unknown detector keeps its keys and prints the available models; disabled writes nothing', async () => {
    const { call, webui } = testMock();
    const reply = await call('POST', '/sdapi/v1/txt2img', {
      ...base,
      alwayson_scripts: {
        adetailer: { args: [true, false, { ad_model: 'eyes.pt', ad_confidence: 0.5, ad_mask_k: 2 }] },
      },
    });
    expect(parseInfotext(JSON.parse(reply.json.info).infotexts[0]).extra).toMatchObject({
      'ADetailer model': 'eyes.pt',
      'ADetailer confidence': '0.5',
      'ADetailer method to decide top k masks': 'Area',
      'ADetailer mask only top k': '2',
    });
    expect(webui.extensions.console).toEqual([
      expect.stringMatching(/^\[-\] ADetailer: Model 'eyes\.pt' not found\. Available models: \['face_yolov8n\.pt', /),
    ]);
    const off = await call('POST', '/sdapi/v1/txt2img', {
      ...base,
      alwayson_scripts: { adetailer: { args: [false, false, { ad_model: 'face_yolov8n.pt' }] } },
    });
    expect(JSON.parse(off.json.info).infotexts[0]).not.toContain('ADetailer');
  });
});

describe('extension routes', () => {
  it('ControlNet: version, models (the real capture), settings, module list with details, 21 control types', async () => {
    const { call } = testMock();
    expect((await call('GET', '/controlnet/version')).json).toEqual({ version: 3 });
    expect((await call('GET', '/controlnet/model_list?update=false')).json.model_list).toEqual([
      'control_v11p_sd15_canny [d14c016b]',
      'control_v11p_sd15_lineart [43d4be0d]',
      'control_v11p_sd15_openpose [cab727d4]',
    ]);
    expect((await call('GET', '/controlnet/settings')).json).toEqual({ control_net_unit_count: 3 });
    const modules = (await call('GET', '/controlnet/module_list')).json;
    expect(modules.module_list.slice(0, 3)).toEqual(['none', 'ip-adapter-auto', 'tile_resample']);
    expect(modules.module_detail.canny).toEqual({
      model_free: false,
      sliders: [
        { name: 'Resolution', value: 512, min: 64, max: 2048, step: 8 },
        { name: 'Low Threshold', value: 100, min: 1, max: 255, step: 1 },
        { name: 'High Threshold', value: 200, min: 1, max: 255, step: 1 },
      ],
    });
    expect((await call('GET', '/controlnet/module_list?alias_names=true')).json.module_list).toContain('depth_midas');
    const types = (await call('GET', '/controlnet/control_types')).json.control_types;
    expect(Object.keys(types)).toHaveLength(21);
    expect(types.Canny).toMatchObject({
      module_list: ['none', 'canny', 'invert (from white bg & black line)'],
      default_option: 'canny',
      default_model: 'control_v11p_sd15_canny [d14c016b]',
    });
    expect((await call('POST', '/controlnet/version')).json).toEqual({ detail: 'Method Not Allowed' });
    expect((await call('GET', '/controlnet/model_list?update=maybe')).status).toBe(422);
  });

  it('ControlNet detect: the four 422s in order, then maps or poses', async () => {
    const { call } = testMock();
    expect(
      (await call('POST', '/controlnet/detect', { controlnet_module: 'nope', controlnet_input_images: [IMAGE] })).json,
    ).toEqual(WEBUI('Module not available'));
    expect(
      (await call('POST', '/controlnet/detect', { controlnet_module: 'clip_vision', controlnet_input_images: [] }))
        .json,
    ).toEqual(WEBUI('Module not supported'));
    // webuiapi's controlnet_detect() sends `controlnet_images`, which is no server key.
    const webuiapi = await call('POST', '/controlnet/detect', {
      controlnet_module: 'canny',
      controlnet_images: [`data:image/png;base64,${IMAGE}`],
      controlnet_processor_res: 512,
      controlnet_threshold_a: 64,
      controlnet_threshold_b: 64,
    });
    expect(webuiapi).toMatchObject({ status: 422, json: WEBUI('No image selected') });
    expect(
      (
        await call('POST', '/controlnet/detect', {
          controlnet_module: 'inpaint_only',
          controlnet_input_images: [IMAGE],
        })
      ).json,
    ).toEqual(WEBUI('Preprocessor inpaint_only requires `controlnet_masks` param.'));
    const canny = await call('POST', '/controlnet/detect', {
      controlnet_module: 'canny',
      controlnet_input_images: [IMAGE, IMAGE],
    });
    expect(Object.keys(canny.json)).toEqual(['info', 'images']);
    expect(canny.json.images.map((image: string) => pngSize(decode(image)))).toEqual([
      { width: 32, height: 24 },
      { width: 32, height: 24 },
    ]);
    const pose = await call('POST', '/controlnet/detect', {
      controlnet_module: 'openpose_full',
      controlnet_input_images: [IMAGE],
    });
    expect(pose.json.poses[0]).toMatchObject({ canvas_width: 32, canvas_height: 24, animals: [] });
    expect(
      (
        await call('POST', '/controlnet/detect', {
          controlnet_module: 'canny',
          controlnet_input_images: ['not an image'],
        })
      ).status,
    ).toBe(500);
  });

  it('ADetailer: version, models, the pydantic v1 schema of its args', async () => {
    const { call } = testMock();
    expect((await call('GET', '/adetailer/v1/version')).json).toEqual({ version: '25.3.0' });
    expect((await call('GET', '/adetailer/v1/ad_model')).json.ad_model[0]).toBe('face_yolov8n.pt');
    const schema = (await call('GET', '/adetailer/v1/schema')).text;
    expect(schema).toContain(
      '"ad_confidence":{"title":"Ad Confidence","default":0.3,"minimum":0.0,"maximum":1.0,"type":"number"}',
    );
    expect(schema).toContain(
      '"ad_inpaint_width":{"title":"Ad Inpaint Width","default":512,"exclusiveMinimum":0,"type":"integer"}',
    );
    expect(schema).toContain('"ad_checkpoint":{"title":"Ad Checkpoint","type":"string"}');
    expect(schema.endsWith('"additionalProperties":false}')).toBe(true);
  });
});

describe('extensions: none', () => {
  it('behaves as a bare webui: 404 routes, 422 Script not found, no extension rows or scripts', async () => {
    const { call } = testMock({ extensions: [] });
    expect(await call('GET', '/controlnet/version')).toMatchObject({ status: 404, json: { detail: 'Not Found' } });
    expect(await call('GET', '/adetailer/v1/ad_model')).toMatchObject({ status: 404, json: { detail: 'Not Found' } });
    expect(
      await call('POST', '/sdapi/v1/txt2img', { ...base, alwayson_scripts: { controlnet: { args: [] } } }),
    ).toMatchObject({
      status: 422,
      json: WEBUI("Script 'controlnet' not found"),
    });
    expect((await call('GET', '/sdapi/v1/extensions')).json).toEqual([]);
    expect((await call('GET', '/sdapi/v1/scripts')).json.txt2img).not.toContain('controlnet');
  });

  it('recorded cassettes with extension calls replay as before, installed or not', async () => {
    const cassette = {
      source: 'hand-made for this test',
      interactions: [
        {
          request: { method: 'GET', path: '/controlnet/model_list' },
          response: {
            status: 200,
            headers: { 'content-type': 'application/json' },
            body: { model_list: ['recorded [00000000]'] },
          },
        },
        {
          request: { method: 'POST', path: '/sdapi/v1/txt2img', body: { prompt: 'recorded' } },
          response: {
            status: 200,
            headers: { 'content-type': 'application/json' },
            body: { images: [], parameters: {}, info: '{}' },
          },
        },
      ],
    };
    for (const extensions of [[], undefined]) {
      const { call } = testMock({ cassettes: [cassette], ...(extensions ? { extensions } : {}) });
      expect((await call('GET', '/controlnet/model_list')).json).toEqual({ model_list: ['recorded [00000000]'] });
      expect(
        (
          await call('POST', '/sdapi/v1/txt2img', {
            prompt: 'recorded',
            alwayson_scripts: { controlnet: { args: [{ enabled: true }] } },
          })
        ).json.info,
      ).toBe('{}');
    }
  });
});

describe('hostile input', () => {
  it('detect refuses images whose header claims a huge size instead of allocating it', async () => {
    const { call } = testMock();
    const liar = Buffer.from(await renderPng(1, 1, 'tiny'));
    liar.writeUInt32BE(100_000, 16);
    liar.writeUInt32BE(100_000, 20);
    // A valid IHDR CRC, so the image opens (as in PIL) and the claimed size is what gets refused.
    liar.writeUInt32BE(crc32(liar.subarray(12, 29)), 29);
    expect(
      await call('POST', '/controlnet/detect', {
        controlnet_module: 'canny',
        controlnet_input_images: [liar.toString('base64')],
      }),
    ).toMatchObject({
      status: 500,
      json: { error: 'OutOfMemoryError' },
    });
    const poses = Array.from({ length: 8 }, () => ({ people: [], canvas_width: 4096, canvas_height: 4096 }));
    expect((await call('POST', '/controlnet/render_openpose_json', poses)).status).toBe(500);
  });

  it('keeps console lines bounded whatever a request names', async () => {
    const { call, webui } = testMock();
    await call('POST', '/sdapi/v1/txt2img', {
      ...base,
      alwayson_scripts: { adetailer: { args: [true, false, { ad_model: 'x'.repeat(100_000) }] } },
    });
    expect(webui.extensions.console).toHaveLength(1);
    expect((webui.extensions.console[0] as string).length).toBeLessThanOrEqual(4_001);
  });
});

describe('extension settings', () => {
  it('GET /options lists them (ints as floats); control_net_unit_count and control_net_no_detectmap change generations', async () => {
    const { call } = testMock();
    expect((await call('GET', '/sdapi/v1/options')).json).toMatchObject({
      control_net_unit_count: 3.0,
      control_net_no_detectmap: false,
      ad_max_models: 4.0,
    });
    expect((await call('GET', '/sdapi/v1/options')).text).toContain('"control_net_unit_count":3.0');
    expect(
      (await call('POST', '/sdapi/v1/options', { control_net_unit_count: 1, control_net_no_detectmap: true })).status,
    ).toBe(200);
    expect((await call('GET', '/controlnet/settings')).json).toEqual({ control_net_unit_count: 1 });
    const unit = { enabled: true, module: 'canny', model: 'canny', image: IMAGE };
    const reply = await call('POST', '/sdapi/v1/txt2img', {
      ...base,
      alwayson_scripts: { controlnet: { args: [unit, unit] } },
    });
    expect(reply.json.images).toHaveLength(1);
    expect(JSON.parse(reply.json.info).infotexts[0]).not.toContain('ControlNet 1');
    expect((await testMock({ extensions: [] }).call('GET', '/sdapi/v1/options')).json).not.toHaveProperty(
      'control_net_unit_count',
    );
  });
});
