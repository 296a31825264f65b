import { describe, expect, it } from 'vitest';
import { testMock } from '../../testing/test-mock.js';
import { GENERATION_LIMITS, ResponseBudget } from './budget.js';

const webuiError = (error: string) => ({ error, detail: '', body: '', errors: expect.any(String) });

describe('generation limits: every request is bounded and refused with a clear webui error', () => {
  it('refuses a zero or negative side, even when width × height would pass a pixel check', async () => {
    const { call, webui } = testMock();
    for (const size of [{ width: 1_400_000_000, height: 0 }, { width: -5 }, { height: 0 }]) {
      const reply = await call('POST', '/sdapi/v1/txt2img', { prompt: 'x', steps: 1, ...size });
      expect(reply.status).toBe(500);
      expect(reply.json).toEqual(webuiError('RuntimeError'));
      expect(reply.json.errors).toMatch(/at least 1 pixel/);
    }
    const hires = await call('POST', '/sdapi/v1/txt2img', {
      steps: 1,
      width: 64,
      height: 64,
      enable_hr: true,
      hr_scale: 0,
    });
    expect(hires.json.errors).toMatch(/hires 0x0/);
    expect(webui.registry.pending).toEqual([]);
  });

  it('refuses a side over the limit as the GPU would, naming the limit', async () => {
    const { call } = testMock();
    const reply = await call('POST', '/sdapi/v1/txt2img', {
      steps: 1,
      width: GENERATION_LIMITS.maxSide + 8,
      height: 1,
    });
    expect(reply.status).toBe(500);
    expect(reply.json).toEqual(webuiError('OutOfMemoryError'));
    expect(reply.json.errors).toContain(`${GENERATION_LIMITS.maxSide} pixels per side`);
  });

  it('budgets pixels over the whole response (size × batch × iterations)', async () => {
    const { call } = testMock();
    const reply = await call('POST', '/sdapi/v1/txt2img', {
      steps: 1,
      width: 4096,
      height: 4096,
      batch_size: 2,
      n_iter: 3,
    });
    expect(reply.json).toEqual(webuiError('OutOfMemoryError'));
    expect(reply.json.errors).toContain('output pixels per request');
  });

  it('budgets sampling steps over all iterations', async () => {
    const { call } = testMock();
    const reply = await call('POST', '/sdapi/v1/txt2img', { steps: 1_000_000_000, width: 8, height: 8 });
    expect(reply.json).toEqual(webuiError('RuntimeError'));
    expect(reply.json.errors).toContain('sampling steps');
  });

  it('budgets response bytes: a 1 MB prompt × 100 images is refused before any work, naming the cause', async () => {
    const { call, webui } = testMock();
    const reply = await call('POST', '/sdapi/v1/txt2img', {
      prompt: 'x'.repeat(1_000_000),
      steps: 1,
      width: 8,
      height: 8,
      batch_size: 100,
    });
    expect(reply.status).toBe(500);
    expect(reply.json).toEqual(webuiError('MemoryError'));
    expect(reply.json.errors).toContain('100 images × 1000000 bytes of prompt');
    expect(reply.json.errors).toContain(`larger than ${GENERATION_LIMITS.maxResponseBytes / 2 ** 20} MiB`);
    expect(reply.text.length).toBeLessThan(1000);
    expect(webui.registry.finished).toEqual([]);
  });

  it('answers a 2 MB prompt (one image) with its image, not a mislabelled RecursionError', async () => {
    const { call } = testMock();
    const reply = await call('POST', '/sdapi/v1/txt2img', {
      prompt: 'x'.repeat(2_000_000),
      steps: 1,
      width: 8,
      height: 8,
    });
    expect(reply.status).toBe(200);
    expect(reply.json.images).toHaveLength(1);
  });

  it('counts escapes exactly while building: a non-Latin prompt under the estimate is still refused', async () => {
    const { call, webui } = testMock();
    // 2 MB of UTF-8 passes the up-front estimate, but json.dumps writes each emoji as 12 characters
    // (`\\ud83d\\udc36`): `info` alone (prompt, all_prompts, infotexts) is ~18 MB.
    const reply = await call('POST', '/sdapi/v1/txt2img', {
      prompt: '🐶'.repeat(500_000),
      steps: 1,
      width: 8,
      height: 8,
    });
    expect(reply.json).toEqual(webuiError('MemoryError'));
    expect(reply.json.errors).toContain('(info)');
    expect(webui.registry.finished).toEqual([]);
  });

  it('counts the real bytes as the response is built and stops at the limit', () => {
    const budget = new ResponseBudget();
    budget.spend(GENERATION_LIMITS.maxResponseBytes - 10, 'info');
    budget.spend(10, '1 of 2 images');
    expect(() => budget.spend(1, '2 of 2 images')).toThrow(/\(2 of 2 images\)/);
  });
});

describe('extras batch limits: the same rules over all listed images', () => {
  // A 1×1 PNG: `upscaling_resize` (at most 8) or `resize_mode` 1 decide each output size.
  const pixel = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAAAAAA6fptVAAAACklEQVR4nGNgAAAAAgABSK+kcQAAAABJRU5ErkJggg==';
  const batch = (count: number, extra: Record<string, unknown>) => ({
    imageList: Array.from({ length: count }, (_, index) => ({ data: pixel, name: `${index}.png` })),
    upscaler_1: 'Lanczos',
    ...extra,
  });

  it('refuses images that together pass the pixel budget, each under it, before any is made', async () => {
    const { call } = testMock();
    // Five 4096² images: 80 Mi pixels, each 16 Mi (allowed alone).
    const sized = { resize_mode: 1, upscaling_resize_w: 4096, upscaling_resize_h: 4096 };
    const single = await call('POST', '/sdapi/v1/extra-batch-images', batch(1, { ...sized, upscaling_resize_w: 8 }));
    expect(single.status).toBe(200);
    const reply = await call('POST', '/sdapi/v1/extra-batch-images', batch(5, sized));
    expect(reply.status).toBe(500);
    expect(reply.json).toEqual(webuiError('OutOfMemoryError'));
    expect(reply.json.errors).toBe(
      'CUDA out of memory. Tried to allocate 320 MiB ' +
        `(mock webui limit: ${GENERATION_LIMITS.maxPixels} output pixels per request)`,
    );
  });

  it('refuses more images than the response budget holds, however small', async () => {
    const { call } = testMock();
    const count = GENERATION_LIMITS.maxResponseBytes / 1024 + 1;
    const reply = await call('POST', '/sdapi/v1/extra-batch-images', batch(count, { upscaling_resize: 1 }));
    expect(reply.json).toEqual(webuiError('MemoryError'));
    expect(reply.json.errors).toContain(`(${count} images)`);
  });

  it('answers a batch within both budgets with one image per listed image', async () => {
    const { call } = testMock();
    const reply = await call('POST', '/sdapi/v1/extra-batch-images', batch(3, { upscaling_resize: 2 }));
    expect(reply.status).toBe(200);
    expect(reply.json.images).toHaveLength(3);
  });
});
