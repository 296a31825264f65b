import { describe, expect, it } from 'vitest';
import { FORGE_CONTROLNET, SD_WEBUI_CONTROLNET } from './flavour.js';
import { parseUnit, UnitValidationError } from './units.js';

describe('parseUnit', () => {
  it('fills the 1.1.455 defaults and resolves module labels and aliases', () => {
    const unit = parseUnit({
      module: 'depth_midas',
      guidance: 0.5,
      lowvram: true,
      resize_mode: 'Envelope (Outer Fit)',
      foo: 1,
    });
    expect(unit).toMatchObject({
      enabled: false,
      model: 'None',
      resize_mode: 'Resize and Fill',
      control_mode: 'Balanced',
      hr_option: 'Both',
      save_detected_map: true,
    });
    expect(unit.preprocessor.name).toBe('depth');
    expect(() => parseUnit({ mask: 'a', mask_image: 'b' })).toThrow(UnitValidationError);
  });

  it("takes the enabled default, the default module and the module lookup from the flavour (Forge's)", () => {
    expect(parseUnit({ module: 'canny' }, FORGE_CONTROLNET).enabled).toBe(true);
    expect(parseUnit({}, FORGE_CONTROLNET)).toMatchObject({ enabled: true, module: 'None' });
    expect(parseUnit({}, FORGE_CONTROLNET).preprocessor.name).toBe('none');
    // Forge knows display names only: lower-case `none` and internal names are not found.
    expect(() => parseUnit({ module: 'none' }, FORGE_CONTROLNET)).toThrow(/module\(none\) not found/);
    expect(() => parseUnit({ module: 'depth' }, FORGE_CONTROLNET)).toThrow(/module\(depth\) not found/);
    expect(parseUnit({ module: 'depth_midas' }, FORGE_CONTROLNET).preprocessor.name).toBe('depth');
    expect(parseUnit({ module: 'none' }, SD_WEBUI_CONTROLNET)).toMatchObject({ enabled: false, module: 'none' });
  });
});
