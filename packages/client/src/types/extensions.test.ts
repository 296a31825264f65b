import { describe, expect, expectTypeOf, it } from 'vitest';
import { scriptCatalogues, type ExtensionPaths, type ExtensionSchemas } from '../index.js';
import type { components as AdetailerV1_10 } from '../generated/a1111-1.10.adetailer.js';
import type {
  components as ControlNetV1_10,
  paths as ControlNetPathsV1_10,
} from '../generated/a1111-1.10.controlnet.js';
import type { components as ControlNetForge2 } from '../generated/forge-2.controlnet.js';

type UnitV1_10 = ControlNetV1_10['schemas']['ControlNetUnit'];
type UnitForge2 = ControlNetForge2['schemas']['ControlNetUnit'];

describe('generated extension types', () => {
  it('type a ControlNet unit that compiles against 1.10 and Forge alike', () => {
    const unit = {
      enabled: true,
      module: 'canny',
      model: 'control_v11p_sd15_canny',
      image: 'iVBORw0KGgo',
      weight: 0.8,
      resize_mode: 'Crop and Resize',
      control_mode: 'Balanced',
      hr_option: 'Both',
    } as const;
    expectTypeOf(unit).toExtend<UnitV1_10>();
    expectTypeOf(unit).toExtend<UnitForge2>();
    expectTypeOf<{ control_mode: 'Prompt first' }>().not.toExtend<UnitV1_10>();
    // Forge takes ints for resize_mode; the extension (>= 1.1.448) does not.
    expectTypeOf<{ resize_mode: 1 }>().toExtend<UnitForge2>();
    expectTypeOf<{ resize_mode: 1 }>().not.toExtend<UnitV1_10>();
  });

  it('type the ControlNet routes', () => {
    type ModelList =
      ControlNetPathsV1_10['/controlnet/model_list']['get']['responses'][200]['content']['application/json'];
    expectTypeOf<ModelList>().toEqualTypeOf<{ model_list: string[] }>();
  });

  it('type ADetailer tabs strictly', () => {
    type Args = AdetailerV1_10['schemas']['ADetailerArgs'];
    expectTypeOf({ ad_model: 'face_yolov8n.pt', ad_confidence: 0.5 }).toExtend<Args>();
    expectTypeOf<{ ad_mask_merge_invert: 'Invert' }>().not.toExtend<Args>();
  });
});

describe('the generated index', () => {
  it('picks extension types by target name', () => {
    expectTypeOf<ExtensionSchemas['forge-2']['controlnet']['ControlNetUnit']>().toEqualTypeOf<UnitForge2>();
    expectTypeOf<ExtensionSchemas['a1111-1.4']['adetailer']>().toEqualTypeOf<never>();
    expectTypeOf<keyof ExtensionPaths['forge-2']['controlnet']>().toEqualTypeOf<
      '/controlnet/control_types' | '/controlnet/detect' | '/controlnet/model_list' | '/controlnet/module_list'
    >();
  });

  it('exports the script catalogue of 1.10, made from the recorded (empty) script lists', () => {
    expect(scriptCatalogues['a1111-1.10']).toEqual({ txt2img: {}, img2img: {} });
  });
});
