import { parseInfotext } from '@sdwebui/infotext';
import { pythonException } from '../errors/index.js';
import type { PyJson } from '../python/index.js';
import { DEFAULTS_V1_10 } from './parse-defaults.js';

/** The settings Forge's `parse_generation_parameters` reads, and the sd-modules it knows. */
export interface ForgeInfotextEnv {
  option(key: string): unknown;
  /** File names of `/sdapi/v1/sd-modules` (`main_entry.module_list`). */
  modules: readonly string[];
}

/** `comments.strip_comments`, on while `enable_prompt_comments` is (the default). */
function stripComments(text: string, env: ForgeInfotextEnv): string {
  if (env.option('enable_prompt_comments') === false) return text;
  return text.replace(/(^|\n)#[^\n]*(\n|$)/g, '\n').replace(/#[^\n]*(\n|$)/g, '\n');
}

/** `infotext_versions.parse_version`: `v1.7.0-225-g…` as (1, 7, 0, 225); undefined when unparsable. */
function parseVersion(text: PyJson | undefined): number[] | undefined {
  if (typeof text !== 'string') return undefined;
  const short = /^([^-]+-[^-]+)-.*/.exec(text)?.[1] ?? text;
  const match = /^v?(\d+)\.(\d+)(?:\.(\d+))?(?:-(\d+))?$/.exec(short);
  return match ? [Number(match[1]), Number(match[2]), Number(match[3] ?? 0), Number(match[4] ?? -1)] : undefined;
}
const older = (version: number[], than: number[]) => {
  for (const [index, part] of than.entries()) if ((version[index] ?? 0) !== part) return (version[index] ?? 0) < part;
  return false;
};

/** Whether `prompt_parser.parse_prompt_attention` gives any part a weight other than 1 (so `Emphasis` is written). */
function usesEmphasis(text: string): boolean {
  const weights: number[] = [];
  const round: number[] = [];
  const square: number[] = [];
  const scale = (from: number, by: number) => {
    for (let at = from; at < weights.length; at++) weights[at] = (weights[at] as number) * by;
  };
  for (const [token, weight] of text.matchAll(/\\[()[\]\\]|\\|\(|\[|:\s*([+-]?[.\d]+)\s*\)|\)|\]|[^\\()[\]:]+|:/g)) {
    if (token === '(') round.push(weights.length);
    else if (token === '[') square.push(weights.length);
    else if (weight !== undefined && round.length > 0) {
      if (!/^[+-]?(?:\d+\.?\d*|\.\d+)$/.test(weight))
        throw pythonException('ValueError', `could not convert string to float: '${weight}'`);
      scale(round.pop() as number, Number(weight));
    } else if (token === ')' && round.length > 0) scale(round.pop() as number, 1.1);
    else if (token === ']' && square.length > 0) scale(square.pop() as number, 1 / 1.1);
    // Text (escapes included), one part per BREAK-separated piece; the BREAK markers themselves are not counted.
    else for (const _part of token.split(/\s*\bBREAK\b\s*/)) weights.push(1);
  }
  for (const at of round) scale(at, 1.1);
  for (const at of square) scale(at, 1 / 1.1);
  return weights.some((weight) => weight !== 1);
}

/** Forge's defaults: 1.10's (`Clip skip` first), plus `Hires schedule type` after `Hires sampler`. */
const DEFAULTS: ReadonlyArray<[string, PyJson]> = DEFAULTS_V1_10.flatMap((entry) =>
  entry[0] === 'Hires sampler' ? [entry, ['Hires schedule type', 'Use same scheduler'] as [string, PyJson]] : [entry],
);

/**
 * Forge's `parse_generation_parameters` (`modules/infotext_utils.py` at dfdcbab), what png-info
 * answers as `parameters`: the pairs in infotext order, then `Prompt` and `Negative prompt` (comments
 * stripped), then the defaults (`Hires schedule type` among them), `Refiner switch by sampling
 * steps`, the version back-compat flags, `Model` left out when the loaded checkpoint's title contains
 * it, and the VAE/text-encoder choices (`VAE/TE`, `Hires VAE/TE`). Styles are not extracted (the
 * mock has none) and no `infotext_pasted` callback runs.
 */
export function forgeInfotextParameters(text: string, env: ForgeInfotextEnv): Record<string, PyJson> {
  const res = new Map<string, PyJson>();
  const info = parseInfotext(fixCivitaiFlux(text.trim()));
  for (const [key, value] of Object.entries(info.params)) {
    const size = /^(\d+)x(\d+)$/.exec(value);
    if (size) res.set(`${key}-1`, size[1] as string).set(`${key}-2`, size[2] as string);
    else res.set(key, value);
  }
  let { prompt, negativePrompt: negative } = info;
  if (env.option('infotext_styles') !== 'Ignore') {
    const version = parseVersion(res.get('Version'));
    // `infotext_ver > v180_hr_styles`, or no parsable version
    if (
      (res.has('Hires prompt') || res.has('Hires negative prompt')) &&
      (version === undefined || older([1, 8, 0, 139], version))
    ) {
      const hrPrompt = stripComments(String(res.get('Hires prompt') ?? prompt), env);
      const hrNegative = stripComments(String(res.get('Hires negative prompt') ?? negative), env);
      res.set('Hires prompt', hrPrompt === stripComments(prompt, env) ? '' : hrPrompt);
      res.set('Hires negative prompt', hrNegative === stripComments(negative, env) ? '' : hrNegative);
    }
    [prompt, negative] = [stripComments(prompt, env), stripComments(negative, env)];
  }
  res.set('Prompt', prompt).set('Negative prompt', negative);
  if (res.has('Hypernet'))
    res.set('Prompt', `${prompt}<hypernet:${res.get('Hypernet')}:${res.get('Hypernet strength') ?? '1.0'}>`);
  for (const [key, value] of DEFAULTS) if (!res.has(key)) res.set(key, value);
  if (!res.has('Cache FP16 weight for LoRA') && res.get('FP8 weight') !== 'Disable')
    res.set('Cache FP16 weight for LoRA', false);
  if (!res.has('Emphasis') && (usesEmphasis(prompt) || usesEmphasis(negative))) res.set('Emphasis', 'Original');
  if (!res.has('Refiner switch by sampling steps')) res.set('Refiner switch by sampling steps', false);
  backcompat(res, env);
  for (const key of (env.option('infotext_skip_pasting') as string[] | undefined) ?? []) res.delete(key);
  const model = res.get('Model');
  if (model !== undefined && String(env.option('sd_model_checkpoint')).includes(String(model))) res.delete('Model');
  modules(res, env);
  return Object.fromEntries(res);
}

/** Forge's fix for Civitai's Flux infotexts (its last line names both). */
function fixCivitaiFlux(text: string): string {
  const lines = text.split('\n');
  let last = lines.at(-1) ?? '';
  if (!last.includes('Civitai') || !last.includes('FLUX')) return text;
  for (let skip = 0; skip <= 8; skip++) last = last.replace(`Clip skip: ${skip}, `, '');
  last = last.replace('Sampler: Undefined, ', 'Sampler: Euler, Schedule type: Simple, ');
  last = last.replace('CFG scale: ', 'CFG scale: 1, Distilled CFG Scale: ');
  return [...lines.slice(0, -1), last].join('\n');
}

/** `infotext_versions.backcompat`: flags for infotexts of releases before the behaviour changed. */
function backcompat(res: Map<string, PyJson>, env: ForgeInfotextEnv): void {
  const version = env.option('auto_backcompat') === false ? undefined : parseVersion(res.get('Version'));
  if (version === undefined) return;
  if (older(version, [1, 6, 0, -1]) && String(res.get('Prompt') ?? '').includes('['))
    res.set('Old prompt editing timelines', true);
  if (older(version, [1, 6, 0, -1]) && ['DDIM', 'PLMS'].includes(String(res.get('Sampler') ?? '')))
    res.set('Pad conds v0', true);
  if (older(version, [1, 7, 0, 225])) res.set('Downcast alphas_cumprod', true);
  if (older(version, [1, 8, 0, -1]) && res.get('Refiner')) res.set('Refiner switch by sampling steps', true);
}

/** `VAE`/`Module i` → `VAE/TE` (when they differ from the loaded modules); `Hires Module i` → `Hires VAE/TE`. */
function modules(res: Map<string, PyJson>, env: ForgeInfotextEnv): void {
  const stem = (name: string) => name.replace(/\.[^./]*$/, '');
  const chosen: PyJson[] = [];
  const hires: PyJson[] = [];
  const vae = res.get('VAE');
  res.delete('VAE');
  if (vae) chosen.push(vae);
  else {
    for (const [key, value] of res) {
      const known = env.modules.find((module) => stem(module) === value);
      if (key.startsWith('Module ')) chosen.push(known ?? value);
      else if (key.startsWith('Hires Module ') && known !== undefined) hires.push(known);
    }
  }
  const loaded = ((env.option('forge_additional_modules') as string[] | undefined) ?? []).map(
    (path) => path.split('/').pop() as string,
  );
  if (chosen.length > 0 && JSON.stringify(chosen.map(String).sort()) !== JSON.stringify(loaded.sort()))
    res.set('VAE/TE', chosen);
  const first = res.get('Hires Module 1');
  if (first === undefined) res.set('Hires VAE/TE', ['Use same choices']);
  else res.set('Hires VAE/TE', first === 'Use same choices' ? ['Use same choices'] : first === 'Built-in' ? [] : hires);
}
