import type { PyJson } from '../python/index.js';

/**
 * Keys `parse_generation_parameters` adds when an infotext lacks them (v1.10 table of the
 * behaviour notes). For 1.7 the keys of features that came later (schedulers in 1.9, FP8 in
 * 1.8) are left out.
 */
export const DEFAULTS_V1_10: ReadonlyArray<[string, PyJson]> = [
  ['Clip skip', '1'],
  ['Hires resize-1', 0],
  ['Hires resize-2', 0],
  ['Hires sampler', 'Use same sampler'],
  ['Hires checkpoint', 'Use same checkpoint'],
  ['Hires prompt', ''],
  ['Hires negative prompt', ''],
  ['Mask mode', 'Inpaint masked'],
  ['Masked content', 'original'],
  ['Inpaint area', 'Whole picture'],
  ['Masked area padding', 32],
  ['RNG', 'GPU'],
  ['Schedule type', 'Automatic'],
  ['Schedule max sigma', 0],
  ['Schedule min sigma', 0],
  ['Schedule rho', 0],
  ['VAE Encoder', 'Full'],
  ['VAE Decoder', 'Full'],
  ['FP8 weight', 'Disable'],
];
