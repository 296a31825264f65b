import { describe, expect, it } from 'vitest';
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
    expect(parseUnit({ module: 'none' })).toMatchObject({ enabled: false, module: 'none' });
  });
});
