import { describe, expect, it } from 'vitest';
import { testMock } from '../../testing/test-mock.js';
import { renderPng } from '../png/index.js';

const IMAGE = Buffer.from(await renderPng(8, 8, 'control image')).toString('base64');
const small = { prompt: 'x', steps: 1, width: 8, height: 8 };

/**
 * Each request's images would each carry megabytes that the prompts do not: before, the budget
 * counted only prompts, so the job ran (and 8 MB of ADetailer prompt × 100 iterations reached 3.5 GB)
 * before the response was found too large, if it ever was.
 */
const CONTRIBUTIONS: Array<[string, Record<string, unknown>]> = [
  [
    'ADetailer prompts',
    {
      n_iter: 10,
      alwayson_scripts: {
        ADetailer: { args: [true, false, { ad_model: 'face_yolov8n.pt', ad_prompt: 'p'.repeat(1_000_000) }] },
      },
    },
  ],
  [
    'ADetailer prompts of a tab past the first',
    {
      batch_size: 6,
      alwayson_scripts: {
        ADetailer: {
          args: [
            true,
            false,
            { ad_model: 'face_yolov8n.pt' },
            { ad_model: 'hand_yolov8n.pt', ad_negative_prompt: 'n'.repeat(1_500_000) },
          ],
        },
      },
    },
  ],
  [
    'a ControlNet model name (kept in the infotext although the model does not load)',
    {
      batch_size: 8,
      alwayson_scripts: {
        ControlNet: { args: [{ enabled: true, module: 'none', model: 'm'.repeat(1_000_000), image: IMAGE }] },
      },
    },
  ],
  ['the hires upscaler', { enable_hr: true, hr_scale: 1, hr_upscaler: 'u'.repeat(1_000_000), batch_size: 8 }],
];

describe('every infotext contribution is estimated before the job is queued (issue #23)', () => {
  it.each(CONTRIBUTIONS)('%s', async (_, fields) => {
    const { call, webui } = testMock();
    const reply = await call('POST', '/sdapi/v1/txt2img', { ...small, ...fields, force_task_id: 'big' });
    expect(reply.status).toBe(500);
    expect(reply.json).toMatchObject({
      error: 'MemoryError',
      errors: expect.stringContaining('bytes of other infotext values'),
    });
    // Refused before it was queued: never pending, never current, nothing sampled.
    expect(webui.registry.pending).not.toContain('big');
    expect(webui.registry.current).not.toBe('big');
    expect(webui.state.samplingStep).toBe(0);
  });

  it('still answers the same request when it fits', async () => {
    const { call } = testMock();
    const reply = await call('POST', '/sdapi/v1/txt2img', {
      ...small,
      alwayson_scripts: {
        ADetailer: { args: [true, false, { ad_model: 'face_yolov8n.pt', ad_prompt: 'p'.repeat(100_000) }] },
      },
    });
    expect(reply.status).toBe(200);
    expect(JSON.parse(reply.json.info).infotexts[0]).toContain(`ADetailer prompt: ${'p'.repeat(100_000)}`);
  });

  it('counts a face restorer set by override_settings', async () => {
    const { call, webui } = testMock();
    const fields = { ...small, batch_size: 8, restore_faces: true };
    const name = 'f'.repeat(16_000);
    expect(
      (await call('POST', '/sdapi/v1/txt2img', { ...fields, override_settings: { face_restoration_model: name } }))
        .status,
    ).toBe(200);
    const many = await call('POST', '/sdapi/v1/txt2img', {
      ...fields,
      batch_size: 100,
      n_iter: 5,
      override_settings: { face_restoration_model: name },
    });
    expect(many.json).toMatchObject({
      error: 'MemoryError',
      errors: expect.stringContaining('500 images × 1 bytes of prompt and'),
    });
    expect(webui.registry.finished).toHaveLength(1);
  });
});
