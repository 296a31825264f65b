import { describe, expect, it } from 'vitest';
import { SD_WEBUI_CONTROLNET, type ControlNetFlavour } from './flavour.js';
import { PREPROCESSORS } from './preprocessors.js';
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

  it('takes the enabled default and the module lookup from the flavour (Forge-style switch)', () => {
    const forgeLike: ControlNetFlavour = {
      name: 'test flavour',
      enabledByDefault: true,
      findModule: (module) => PREPROCESSORS.find((item) => item.label === module && module !== 'none'),
    };
    expect(parseUnit({ module: 'canny' }, forgeLike).enabled).toBe(true);
    expect(() => parseUnit({ module: 'none' }, forgeLike)).toThrow(/module\(none\) not found/);
    expect(parseUnit({ module: 'none' }, SD_WEBUI_CONTROLNET).enabled).toBe(false);
  });
});
