import { describe, expect, it } from 'vitest';
import { parseInfotext } from '../parse/index.js';
import { toTxt2imgRequest } from './index.js';

describe('toTxt2imgRequest', () => {
  it('maps an infotext back to the request that made it', () => {
    const info = parseInfotext(
      'puppy dog\nNegative prompt: cat\nSteps: 5, Sampler: DPM++ 2M, Schedule type: Karras, CFG scale: 7.0, Seed: 42, Size: 512x768, ' +
        'Model hash: 6ce0161689, Model: v1-5-pruned-emaonly, Clip skip: 2, Version: v1.10.1',
    );
    expect(toTxt2imgRequest(info)).toEqual({
      prompt: 'puppy dog',
      negative_prompt: 'cat',
      steps: 5,
      sampler_name: 'DPM++ 2M',
      scheduler: 'Karras',
      cfg_scale: 7,
      seed: 42,
      width: 512,
      height: 768,
      override_settings: { sd_model_checkpoint: 'v1-5-pruned-emaonly', CLIP_stop_at_last_layers: 2 },
    });
  });

  it('turns hires fields into enable_hr and skips "Use same …" and Automatic', () => {
    const info = parseInfotext(
      'x\nSteps: 20, Sampler: Euler, Schedule type: Automatic, CFG scale: 7, Seed: 1, Size: 512x512, Denoising strength: 0.5, ' +
        'Hires upscale: 2, Hires upscaler: Latent, Hires sampler: Use same sampler, Hires checkpoint: Use same checkpoint',
    );
    const request = toTxt2imgRequest(info);
    expect(request).toMatchObject({ enable_hr: true, hr_scale: 2, hr_upscaler: 'Latent', denoising_strength: 0.5 });
    expect(request).not.toHaveProperty('scheduler');
    expect(request).not.toHaveProperty('hr_sampler_name');
    expect(request).not.toHaveProperty('hr_checkpoint_name');
  });
});
