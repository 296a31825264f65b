import { describe, expect, it } from 'vitest';
import { turnsWhile } from '../../../testing/event-loop-turns.js';
import { testMock } from '../../../testing/test-mock.js';

/** A 1×1 grey PNG: the smallest image each call may list. */
const PIXEL = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAAAAAA6fptVAAAACklEQVR4nGNgAAAAAgABSK+kcQAAAABJRU5ErkJggg==';
const overTheList = {
  error: 'OutOfMemoryError',
  errors: 'CUDA out of memory (mock webui limit: 257 images in one call, at most 256)',
};

describe('ControlNet detect and render bound the lists they are sent (issue #23)', () => {
  it('detect refuses 257 images before decoding any (before: 4.8 MB of 1×1 images held the loop 4 s)', async () => {
    // Not even base64: decoding the first would fail differently.
    for (const profile of ['a1111-1.10', 'forge-2'] as const) {
      const { call } = testMock({ profile });
      const reply = await call('POST', '/controlnet/detect', {
        controlnet_module: 'canny',
        controlnet_input_images: Array(257).fill('not an image'),
      });
      expect(reply.status, profile).toBe(500);
      expect(reply.json, profile).toMatchObject(
        profile === 'forge-2' ? { error: 'OutOfMemoryError', message: overTheList.errors } : overTheList,
      );
    }
  });

  it('render_openpose_json refuses 257 poses before drawing any (open without --api-auth, as upstream)', async () => {
    const { call } = testMock({ apiAuth: 'u:p' });
    const pose = { people: [], canvas_width: 1, canvas_height: 1 };
    const reply = await call('POST', '/controlnet/render_openpose_json', Array(257).fill(pose));
    expect(reply).toMatchObject({ status: 500, json: overTheList });
    expect((await call('POST', '/controlnet/render_openpose_json', Array(256).fill(pose))).json.images).toHaveLength(
      256,
    );
  });

  it('detect lets the event loop turn between the images it decodes and draws', async () => {
    const { app } = testMock();
    const body = JSON.stringify({ controlnet_module: 'canny', controlnet_input_images: Array(256).fill(PIXEL) });
    const { turns, result } = await turnsWhile(async () => {
      const response = await app.request('/controlnet/detect', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
      });
      return { status: response.status, images: ((await response.json()) as { images: string[] }).images };
    });
    expect(result.status).toBe(200);
    expect(result.images).toHaveLength(256);
    // One turn after each decode and each drawing, at least.
    expect(turns).toBeGreaterThanOrEqual(2 * 256);
  });
});
