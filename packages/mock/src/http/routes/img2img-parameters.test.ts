import { describe, expect, it } from 'vitest';
import { testMock } from '../../testing/test-mock.js';

const tinyPng = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAAAAAA6fptVAAAACklEQVR4nGNgAAAAAgABSK+kcQAAAABJRU5ErkJggg==';

/** Issue #12 class 2: `parameters=vars(img2imgreq)`, which ignores the field's `exclude=True`. */
describe('class 2: the img2img parameters echo', () => {
  it.each(['a1111-1.10', 'a1111-1.7', 'a1111-1.4'] as const)(
    'contains include_init_images, false unless sent (%s)',
    async (profile) => {
      const { call } = testMock({ profile });
      const plain = await call('POST', '/sdapi/v1/img2img', { init_images: [tinyPng], steps: 1, width: 8, height: 8 });
      expect(plain.json.parameters).toMatchObject({ include_init_images: false, init_images: null, mask: null });
      const kept = await call('POST', '/sdapi/v1/img2img', {
        init_images: [tinyPng],
        include_init_images: 'yes',
        steps: 1,
        width: 8,
        height: 8,
      });
      expect(kept.json.parameters).toMatchObject({ include_init_images: true, init_images: [tinyPng] });
    },
  );
});
