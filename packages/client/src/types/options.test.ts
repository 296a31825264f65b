import { describe, expectTypeOf, it } from 'vitest';
import type { Img2imgParams, Options, Txt2imgParams, WebuiClient } from '../index.js';

// Issue #24: override_settings took any key at compile time while setOptions was typed.
describe('override_settings is typed from the same Options as setOptions', () => {
  it("takes known settings, Forge's included, with their types", () => {
    expectTypeOf<{ CLIP_stop_at_last_layers: number; samples_format: string }>().toExtend<
      NonNullable<Txt2imgParams['override_settings']>
    >();
    expectTypeOf<{ forge_additional_modules: string[] }>().toExtend<NonNullable<Txt2imgParams['override_settings']>>();
    expectTypeOf<NonNullable<Img2imgParams['override_settings']>>().toEqualTypeOf<Partial<Options>>();
    expectTypeOf<Parameters<WebuiClient['setOptions']>[0]>().toEqualTypeOf<Partial<Options>>();
  });

  it('refuses a misspelt key and a value of the wrong type', () => {
    const params = (value: Txt2imgParams) => value;
    // @ts-expect-error a misspelt setting (the webui answers 500 KeyError)
    params({ override_settings: { samples_fromat: 'jpg' } });
    // @ts-expect-error CLIP skip is a number
    params({ override_settings: { CLIP_stop_at_last_layers: 'two' } });
    params({ override_settings: { samples_format: 'jpg', sd_model_checkpoint: 'x' } });
  });
});
