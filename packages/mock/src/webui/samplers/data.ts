/**
 * Sampler and scheduler lists per webui release.
 * - 1.10: the recorded 1.9 list (`sdapi-v1-samplers-2.json`, a real server) plus `DDIM CFG++`,
 *   which 1.10 added after DDIM; schedulers: the recorded six plus the six 1.10 added.
 * - 1.7 and 1.4: reconstructed from the webui's sampler modules as summarized in the behaviour
 *   notes (names and order; the option flags are the ones those samplers carry). No recording
 *   of these lists exists; treat the exact option sets as best effort.
 */
export interface SamplerItem {
  name: string;
  aliases: string[];
  options: Record<string, string>;
}

export interface SchedulerItem {
  name: string;
  label: string;
  aliases: string[] | null;
  default_rho: number;
  need_inner_model: boolean;
}

const s = (name: string, aliases: string[], options: Record<string, string> = {}): SamplerItem =>
  Object.freeze({ name, aliases: Object.freeze(aliases) as string[], options: Object.freeze(options) });
const T = 'True';

const KDIFFUSION_V1_9 = [
  s('DPM++ 2M', ['k_dpmpp_2m'], { scheduler: 'karras' }),
  s('DPM++ SDE', ['k_dpmpp_sde'], { scheduler: 'karras', second_order: T, brownian_noise: T }),
  s('DPM++ 2M SDE', ['k_dpmpp_2m_sde'], { scheduler: 'exponential', brownian_noise: T }),
  s('DPM++ 2M SDE Heun', ['k_dpmpp_2m_sde_heun'], { scheduler: 'exponential', brownian_noise: T, solver_type: 'heun' }),
  s('DPM++ 2S a', ['k_dpmpp_2s_a'], { scheduler: 'karras', uses_ensd: T, second_order: T }),
  s('DPM++ 3M SDE', ['k_dpmpp_3m_sde'], { scheduler: 'exponential', discard_next_to_last_sigma: T, brownian_noise: T }),
  s('Euler a', ['k_euler_a', 'k_euler_ancestral'], { uses_ensd: T }),
  s('Euler', ['k_euler']),
  s('LMS', ['k_lms']),
  s('Heun', ['k_heun'], { second_order: T }),
  s('DPM2', ['k_dpm_2'], { scheduler: 'karras', discard_next_to_last_sigma: T, second_order: T }),
  s('DPM2 a', ['k_dpm_2_a'], { scheduler: 'karras', discard_next_to_last_sigma: T, uses_ensd: T, second_order: T }),
  s('DPM fast', ['k_dpm_fast'], { uses_ensd: T }),
  s('DPM adaptive', ['k_dpm_ad'], { uses_ensd: T }),
  s('Restart', ['restart'], { scheduler: 'karras', second_order: T }),
];

export const SAMPLERS_V1_10: readonly SamplerItem[] = Object.freeze([
  ...KDIFFUSION_V1_9,
  s('DDIM', ['ddim']),
  s('DDIM CFG++', ['ddim_cfgpp']),
  s('PLMS', ['plms']),
  s('UniPC', ['unipc']),
  s('LCM', ['k_lcm']),
]);

/**
 * Forge 2 (EXTENSIONS.md §3.9, `modules_forge/alter_samplers.py`): the 1.10 list plus five
 * samplers Forge adds. No Forge list was recorded: the lower-case aliases and the empty option
 * sets are inferred, only the names and order are from the source.
 */
export const SAMPLERS_FORGE_2: readonly SamplerItem[] = Object.freeze([
  ...SAMPLERS_V1_10,
  s('HeunPP2', ['heunpp2']),
  s('IPNDM', ['ipndm']),
  s('IPNDM_V', ['ipndm_v']),
  s('DEIS', ['deis']),
  s('DDPM', ['ddpm']),
]);

export const SAMPLERS_V1_7: readonly SamplerItem[] = Object.freeze([
  s('DPM++ 2M Karras', ['k_dpmpp_2m_ka'], { scheduler: 'karras' }),
  s('DPM++ SDE Karras', ['k_dpmpp_sde_ka'], { scheduler: 'karras', second_order: T, brownian_noise: T }),
  s('DPM++ 2M SDE Exponential', ['k_dpmpp_2m_sde_exp'], { scheduler: 'exponential', brownian_noise: T }),
  s('DPM++ 2M SDE Karras', ['k_dpmpp_2m_sde_ka'], { scheduler: 'karras', brownian_noise: T }),
  s('Euler a', ['k_euler_a', 'k_euler_ancestral'], { uses_ensd: T }),
  s('Euler', ['k_euler']),
  s('LMS', ['k_lms']),
  s('Heun', ['k_heun'], { second_order: T }),
  s('DPM2', ['k_dpm_2'], { discard_next_to_last_sigma: T, second_order: T }),
  s('DPM2 a', ['k_dpm_2_a'], { discard_next_to_last_sigma: T, uses_ensd: T, second_order: T }),
  s('DPM++ 2S a', ['k_dpmpp_2s_a'], { uses_ensd: T, second_order: T }),
  s('DPM++ 2M', ['k_dpmpp_2m']),
  s('DPM++ SDE', ['k_dpmpp_sde'], { second_order: T, brownian_noise: T }),
  s('DPM++ 2M SDE', ['k_dpmpp_2m_sde_ka'], { brownian_noise: T }),
  s('DPM++ 2M SDE Heun', ['k_dpmpp_2m_sde_heun'], { brownian_noise: T, solver_type: 'heun' }),
  s('DPM++ 2M SDE Heun Karras', ['k_dpmpp_2m_sde_heun_ka'], {
    scheduler: 'karras',
    brownian_noise: T,
    solver_type: 'heun',
  }),
  s('DPM++ 2M SDE Heun Exponential', ['k_dpmpp_2m_sde_heun_exp'], {
    scheduler: 'exponential',
    brownian_noise: T,
    solver_type: 'heun',
  }),
  s('DPM++ 3M SDE', ['k_dpmpp_3m_sde'], { discard_next_to_last_sigma: T, brownian_noise: T }),
  s('DPM++ 3M SDE Karras', ['k_dpmpp_3m_sde_ka'], {
    scheduler: 'karras',
    discard_next_to_last_sigma: T,
    brownian_noise: T,
  }),
  s('DPM++ 3M SDE Exponential', ['k_dpmpp_3m_sde_exp'], {
    scheduler: 'exponential',
    discard_next_to_last_sigma: T,
    brownian_noise: T,
  }),
  s('DPM fast', ['k_dpm_fast'], { uses_ensd: T }),
  s('DPM adaptive', ['k_dpm_ad'], { uses_ensd: T }),
  s('LMS Karras', ['k_lms_ka'], { scheduler: 'karras' }),
  s('DPM2 Karras', ['k_dpm_2_ka'], { scheduler: 'karras', discard_next_to_last_sigma: T, second_order: T }),
  s('DPM2 a Karras', ['k_dpm_2_a_ka'], {
    scheduler: 'karras',
    discard_next_to_last_sigma: T,
    uses_ensd: T,
    second_order: T,
  }),
  s('DPM++ 2S a Karras', ['k_dpmpp_2s_a_ka'], { scheduler: 'karras', uses_ensd: T, second_order: T }),
  s('Restart', ['restart'], { scheduler: 'karras', second_order: T }),
  s('DDIM', ['ddim']),
  s('PLMS', ['plms']),
  s('UniPC', ['unipc']),
]);

export const SAMPLERS_V1_4: readonly SamplerItem[] = Object.freeze([
  s('Euler a', ['k_euler_a', 'k_euler_ancestral'], { uses_ensd: T }),
  s('Euler', ['k_euler']),
  s('LMS', ['k_lms']),
  s('Heun', ['k_heun'], { second_order: T }),
  s('DPM2', ['k_dpm_2'], { discard_next_to_last_sigma: T }),
  s('DPM2 a', ['k_dpm_2_a'], { discard_next_to_last_sigma: T, uses_ensd: T }),
  s('DPM++ 2S a', ['k_dpmpp_2s_a'], { uses_ensd: T, second_order: T }),
  s('DPM++ 2M', ['k_dpmpp_2m']),
  s('DPM++ SDE', ['k_dpmpp_sde'], { second_order: T, brownian_noise: T }),
  s('DPM fast', ['k_dpm_fast'], { uses_ensd: T }),
  s('DPM adaptive', ['k_dpm_ad'], { uses_ensd: T }),
  s('LMS Karras', ['k_lms_ka'], { scheduler: 'karras' }),
  s('DPM2 Karras', ['k_dpm_2_ka'], { scheduler: 'karras', discard_next_to_last_sigma: T }),
  s('DPM2 a Karras', ['k_dpm_2_a_ka'], { scheduler: 'karras', discard_next_to_last_sigma: T, uses_ensd: T }),
  s('DPM++ 2S a Karras', ['k_dpmpp_2s_a_ka'], { scheduler: 'karras', uses_ensd: T, second_order: T }),
  s('DPM++ 2M Karras', ['k_dpmpp_2m_ka'], { scheduler: 'karras' }),
  s('DPM++ SDE Karras', ['k_dpmpp_sde_ka'], { scheduler: 'karras', second_order: T, brownian_noise: T }),
  s('DDIM', []),
  s('PLMS', []),
  s('UniPC', []),
]);

const sch = (name: string, label: string, extra: Partial<SchedulerItem> = {}): SchedulerItem =>
  Object.freeze({
    name,
    label,
    aliases: null,
    default_rho: -1,
    need_inner_model: false,
    ...extra,
  });

/** The recorded 1.9 list (`sdapi-v1-schedulers-2.json`) plus the six 1.10 added. */
export const SCHEDULERS_V1_10: readonly SchedulerItem[] = Object.freeze([
  sch('automatic', 'Automatic'),
  sch('uniform', 'Uniform', { need_inner_model: true }),
  sch('karras', 'Karras', { default_rho: 7 }),
  sch('exponential', 'Exponential'),
  sch('polyexponential', 'Polyexponential', { default_rho: 1 }),
  sch('sgm_uniform', 'SGM Uniform', { aliases: ['SGMUniform'], need_inner_model: true }),
  sch('kl_optimal', 'KL Optimal'),
  sch('align_your_steps', 'Align Your Steps'),
  sch('simple', 'Simple', { need_inner_model: true }),
  sch('normal', 'Normal', { need_inner_model: true }),
  sch('ddim', 'DDIM', { need_inner_model: true }),
  sch('beta', 'Beta', { need_inner_model: true }),
]);

/** Forge 2 (EXTENSIONS.md §3.9, `modules/sd_schedulers.py` L212–227): the 1.10 list plus four. */
export const SCHEDULERS_FORGE_2: readonly SchedulerItem[] = Object.freeze([
  ...SCHEDULERS_V1_10,
  sch('turbo', 'Turbo'),
  sch('align_your_steps_GITS', 'Align Your Steps GITS'),
  sch('align_your_steps_11', 'Align Your Steps 11'),
  sch('align_your_steps_32', 'Align Your Steps 32'),
]);
