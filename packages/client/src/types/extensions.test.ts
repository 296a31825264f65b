import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  scriptCatalogues,
  type ExtensionPaths,
  type ExtensionSchemas,
  type ScriptArgTypes,
  type Txt2imgParams,
} from '../index.js';
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

  // Issue #24: the recorded script lists are empty, which typed script_args as nothing; 1.10's catalogue is
  // now the built-in scripts as the mock reconstructs them (scripts/pull-targets.mjs).
  it("exports 1.10's built-in scripts as data, X/Y/Z plot's axis types marked as taking a position", () => {
    const xyz = scriptCatalogues['a1111-1.10'].txt2img['x/y/z plot'];
    expect(xyz?.alwaysOn).toBe(false);
    expect(xyz?.args?.[0]).toMatchObject({ label: 'X type', takesPosition: true });
    expect(xyz?.args?.[0]?.choices).toContain('Steps');
    expect(xyz?.args?.[1]).toMatchObject({ label: 'X values', takesPosition: false });
    expect(Object.keys(scriptCatalogues['a1111-1.10'].img2img)).toEqual(
      expect.arrayContaining(['sd upscale', 'loopback', "poor man's outpainting", 'soft inpainting']),
    );
  });

  it("types each script's arguments by target, runner and name: a label or a position where the script takes one", () => {
    type Xyz = ScriptArgTypes['a1111-1.10']['txt2img']['x/y/z plot'];
    expectTypeOf<Xyz[0]>().toExtend<string | number>();
    expectTypeOf<'Steps'>().toExtend<Xyz[0]>();
    expectTypeOf<4>().toExtend<Xyz[0]>();
    expectTypeOf<'Stepz'>().not.toExtend<Xyz[0]>();
    type Matrix = ScriptArgTypes['a1111-1.10']['txt2img']['prompt matrix'];
    expectTypeOf<Matrix[2]>().toEqualTypeOf<'positive' | 'negative'>();
    expectTypeOf<ScriptArgTypes['a1111-1.10']['img2img']['loopback'][0]>().toEqualTypeOf<number>();
    // A typed tuple is what script_args takes.
    expectTypeOf<Xyz>().toExtend<NonNullable<Txt2imgParams['script_args']>>();
  });
});
