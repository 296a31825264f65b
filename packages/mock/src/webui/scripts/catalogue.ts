import type { ExtensionId } from '../extensions/host/index.js';
import { readRecordedBody, type A1111ProfileId } from '../profiles/index.js';

/** One argument as `/sdapi/v1/script-info` describes it (`ScriptArg`). */
export interface ScriptArg {
  label: string | null;
  value: unknown;
  minimum: number | null;
  maximum: number | null;
  step: number | null;
  choices: string[] | null;
}

/** A script of the webui's runners: its title, where it runs, its UI arguments. */
export interface ScriptEntry {
  title: string;
  alwayson: boolean;
  txt2img: boolean;
  img2img: boolean;
  args: readonly ScriptArg[];
  /** Release that added it (A1111 built-ins), or the extension it comes from. */
  since?: '1.7' | '1.10';
  extension?: ExtensionId;
  /** Not in Forge's built-in ControlNet (sd-webui-controlnet's movie2movie script). */
  notOnForge?: true;
}

const arg = (label: string | null, value: unknown, extra: Partial<ScriptArg> = {}): ScriptArg => ({
  label,
  value,
  minimum: null,
  maximum: null,
  step: null,
  choices: null,
  ...extra,
});
const slider = (label: string, value: number, minimum: number, maximum: number, step: number) =>
  arg(label, value, { minimum, maximum, step });

/** X/Y/Z plot axes of 1.10 (`scripts/xyz_grid.py`): shared ones, then per-tab ones (`AxisOptionTxt2Img`/`Img2Img`). */
export const XYZ_AXES: Record<'txt2img' | 'img2img', readonly string[]> = (() => {
  const head = ['Nothing', 'Seed', 'Var. seed', 'Var. strength', 'Steps'];
  const tail = [
    'Checkpoint name',
    'Negative Guidance minimum sigma',
    'Sigma Churn',
    'Sigma min',
    'Sigma max',
    'Sigma noise',
    'Schedule type',
    'Schedule min sigma',
    'Schedule max sigma',
    'Schedule rho',
    'Beta schedule alpha',
    'Beta schedule beta',
    'Eta',
    'Clip skip',
    'Denoising',
    'Initial noise multiplier',
    'Extra noise',
  ];
  const end = [
    'VAE',
    'Styles',
    'UniPC Order',
    'Face restore',
    'Token merging ratio',
    'Token merging ratio high-res',
    'Always discard next-to-last sigma',
    'SGM noise multiplier',
    'Refiner checkpoint',
    'Refiner switch at',
    'RNG source',
    'FP8 mode',
    'Size',
  ];
  return {
    txt2img: [
      ...head,
      'Hires steps',
      'CFG Scale',
      'Prompt S/R',
      'Prompt order',
      'Sampler',
      'Hires sampler',
      ...tail,
      'Hires upscaler',
      ...end,
    ],
    img2img: [
      ...head,
      'CFG Scale',
      'Image CFG Scale',
      'Prompt S/R',
      'Prompt order',
      'Sampler',
      ...tail,
      'Cond. Image Mask Weight',
      ...end,
    ],
  };
})();

function xyzArgs(kind: 'txt2img' | 'img2img'): ScriptArg[] {
  const axis = (name: string, value: string) => [
    arg(`${name} type`, value, { choices: [...XYZ_AXES[kind]] }),
    arg(`${name} values`, ''),
    arg(`${name} values`, null, { choices: [] }),
  ];
  return [
    ...axis('X', 'Seed'),
    ...axis('Y', 'Nothing'),
    ...axis('Z', 'Nothing'),
    arg('Draw legend', true),
    arg('Include Sub Images', false),
    arg('Include Sub Grids', false),
    arg('Keep -1 for seeds', false),
    arg('Vary seeds for X', false),
    arg('Vary seeds for Y', false),
    arg('Vary seeds for Z', false),
    slider('Grid margins (px)', 0, 0, 500, 2),
    arg('Use text inputs instead of dropdowns', false),
  ];
}

const PROMPT_MATRIX = [
  arg('Put variable parts at start of prompt', false),
  arg('Use different seed for each picture', false),
  arg('Select prompt', 'positive', { choices: ['positive', 'negative'] }),
  arg('Select joining char', 'comma', { choices: ['comma', 'space'] }),
  slider('Grid margins (px)', 0, 0, 500, 2),
];
const PROMPTS_FROM_FILE = [
  arg('Iterate seed every line', false),
  arg('Use same random seed for all lines', false),
  arg('Insert prompts at the', 'start', { choices: ['start', 'end'] }),
  arg('List of prompt inputs', ''),
];

/** `[x.name for x in shared.sd_upscalers]`: the names of the recorded `/sdapi/v1/upscalers` the mock lists. */
export const SD_UPSCALE_CHOICES: readonly string[] = readRecordedBody<Array<{ name: string }>>(
  'sdapi-v1-upscalers-1.json',
).map((item) => item.name);

const DIRECTIONS = ['left', 'right', 'up', 'down'] as const;

const both = { txt2img: true, img2img: true };
const img2imgOnly = { txt2img: false, img2img: true };

/**
 * The scripts a stock A1111 install loads, in load order: `scripts/*.py` (alphabetical),
 * `modules/processing_scripts/*.py`, then the built-in extensions. Reconstructed from the
 * webui's sources per release, because the only recorded `/sdapi/v1/scripts` and
 * `/sdapi/v1/script-info` bodies (spec/recordings, a RunPod worker's documentation) are empty.
 * `Custom code` is left out: it shows only with `--allow-code`. `img2img alternative test` and the
 * always-on scripts listed with no arguments have none reconstructed (their UI components are not
 * listed here), so their script-info says none.
 */
const BUILTIN: readonly ScriptEntry[] = [
  { title: 'img2img alternative test', alwayson: false, ...img2imgOnly, args: [] },
  {
    title: 'Loopback',
    alwayson: false,
    ...img2imgOnly,
    args: [
      slider('Loops', 4, 1, 32, 1),
      slider('Final denoising strength', 0.5, 0, 1, 0.01),
      arg('Denoising strength curve', 'Linear', { choices: ['Aggressive', 'Linear', 'Lazy'] }),
      arg('Append interrogated prompt at each iteration', 'None', { choices: ['None', 'CLIP', 'DeepBooru'] }),
    ],
  },
  {
    title: 'Outpainting mk2',
    alwayson: false,
    ...img2imgOnly,
    args: [
      arg(null, null),
      slider('Pixels to expand', 128, 8, 256, 8),
      slider('Mask blur', 8, 0, 64, 1),
      arg('Outpainting direction', [...DIRECTIONS], { choices: [...DIRECTIONS] }),
      slider('Fall-off exponent (lower=higher detail)', 1, 0, 4, 0.01),
      slider('Color variation', 0.05, 0, 1, 0.01),
    ],
  },
  {
    title: "Poor man's outpainting",
    alwayson: false,
    ...img2imgOnly,
    args: [
      slider('Pixels to expand', 128, 8, 256, 8),
      slider('Mask blur', 4, 0, 64, 1),
      // `type="index"`: the script gets the position (0 fill … 3 latent nothing).
      arg('Masked content', 'fill', { choices: ['fill', 'original', 'latent noise', 'latent nothing'] }),
      arg('Outpainting direction', [...DIRECTIONS], { choices: [...DIRECTIONS] }),
    ],
  },
  { title: 'Prompt matrix', alwayson: false, ...both, args: PROMPT_MATRIX },
  { title: 'Prompts from file or textbox', alwayson: false, ...both, args: PROMPTS_FROM_FILE },
  {
    title: 'SD upscale',
    alwayson: false,
    ...img2imgOnly,
    // The upscaler is a `type="index"` radio over the upscalers' names: the script is handed the position.
    args: [
      arg(null, null),
      slider('Tile overlap', 64, 0, 256, 16),
      arg('Upscaler', 'None', { choices: [...SD_UPSCALE_CHOICES] }),
      slider('Scale Factor', 2, 1, 4, 0.05),
    ],
  },
  { title: 'X/Y/Z plot', alwayson: false, ...both, args: [] },
  { title: 'Comments', alwayson: true, ...both, since: '1.7', args: [] },
  {
    title: 'Refiner',
    alwayson: true,
    ...both,
    since: '1.7',
    args: [arg('Refiner', false), arg('Checkpoint', ''), slider('Switch at', 0.8, 0.01, 1, 0.01)],
  },
  {
    title: 'Sampler',
    alwayson: true,
    ...both,
    since: '1.10',
    args: [
      slider('Sampling steps', 20, 1, 150, 1),
      arg('Sampling method', 'DPM++ 2M'),
      arg('Schedule type', 'Automatic'),
    ],
  },
  {
    title: 'Seed',
    alwayson: true,
    ...both,
    since: '1.7',
    args: [
      arg('Seed', -1),
      arg('Extra', false),
      arg('Variation seed', -1),
      slider('Variation strength', 0, 0, 1, 0.01),
      slider('Resize seed from width', 0, 0, 2048, 8),
      slider('Resize seed from height', 0, 0, 2048, 8),
    ],
  },
  { title: 'Extra options', alwayson: true, ...both, since: '1.7', args: [] }, // 1.5+
  { title: 'Hypertile', alwayson: true, ...both, since: '1.7', args: [] },
  {
    title: 'Soft Inpainting',
    alwayson: true,
    ...img2imgOnly,
    since: '1.10',
    args: [
      arg('Soft inpainting', false),
      slider('Schedule bias', 1, 0, 8, 0.1),
      slider('Preservation strength', 0.5, 0, 8, 0.05),
      slider('Transition contrast boost', 4, 1, 32, 0.5),
      slider('Mask influence', 0, 0, 1, 0.05),
      slider('Difference threshold', 0.5, 0, 8, 0.25),
      slider('Difference contrast', 2, 0, 8, 0.25),
    ],
  },
];

/** Scripts of the emulated extensions, after the built-ins (extensions load last, by folder name). */
const EXTENSION_SCRIPTS: readonly ScriptEntry[] = [
  {
    title: 'ADetailer',
    alwayson: true,
    ...both,
    extension: 'adetailer',
    // The two flags, then one `gr.State` per tab (`ad_max_models`, default 4): no label, and its value (the tab's
    // default dict) is shown as null [inferred from the component list in EXTENSIONS.md §2.1].
    args: [
      arg('Enable ADetailer', false),
      arg('Skip img2img', false),
      ...Array.from({ length: 4 }, () => arg(null, null)),
    ],
  },
  // One `gr.State` per unit (`control_net_unit_count`, default 3), as for ADetailer's tabs [inferred, §1.1].
  {
    title: 'ControlNet',
    alwayson: true,
    ...both,
    extension: 'controlnet',
    args: Array.from({ length: 3 }, () => arg(null, null)),
  },
  { title: 'controlnet m2m', alwayson: false, ...both, extension: 'controlnet', args: [], notOnForge: true },
];

// Forge 2 is built on 1.10 and keeps its scripts.
const RELEASE_ORDER: Record<A1111ProfileId, number> = {
  'a1111-1.4': 4,
  'a1111-1.7': 7,
  'a1111-1.10': 10,
  'forge-2': 10,
};

const computed = new Map<string, readonly ScriptEntry[]>();

/** Every script one runner (`txt2img` or `img2img`) has, in load order, for a profile and its installed extensions. */
export function scriptsOf(
  profile: A1111ProfileId,
  installed: readonly ExtensionId[],
  kind: 'txt2img' | 'img2img',
): readonly ScriptEntry[] {
  // Asked on every generation: computed once per combination (a handful exist).
  const key = `${profile}|${[...installed].sort().join(',')}|${kind}`;
  let scripts = computed.get(key);
  if (scripts === undefined) computed.set(key, (scripts = Object.freeze(listScripts(profile, installed, kind))));
  return scripts;
}

function listScripts(
  profile: A1111ProfileId,
  installed: readonly ExtensionId[],
  kind: 'txt2img' | 'img2img',
): ScriptEntry[] {
  const release = RELEASE_ORDER[profile];
  return (
    [...BUILTIN, ...EXTENSION_SCRIPTS]
      .filter((entry) => (entry.since === undefined || release >= Number(entry.since.split('.')[1])) && entry[kind])
      .filter((entry) => entry.extension === undefined || installed.includes(entry.extension))
      // webuiapi's `has_controlnet` looks for `controlnet m2m`, so on Forge it is false.
      .filter((entry) => !(entry.notOnForge && profile === 'forge-2'))
      .map((entry) => (entry.title === 'X/Y/Z plot' ? { ...entry, args: xyzArgs(kind) } : entry))
  );
}

const KINDS = ['txt2img', 'img2img'] as const;

/** `GET /sdapi/v1/scripts`: lower-cased titles of every script of each runner, selectable and always-on. */
export function scriptsList(
  profile: A1111ProfileId,
  installed: readonly ExtensionId[],
): Record<'txt2img' | 'img2img', string[]> {
  return {
    txt2img: scriptsOf(profile, installed, 'txt2img').map((item) => item.title.toLowerCase()),
    img2img: scriptsOf(profile, installed, 'img2img').map((item) => item.title.toLowerCase()),
  };
}

/** `GET /sdapi/v1/script-info`: both runners' scripts (so most appear twice), txt2img first. */
export function scriptInfo(profile: A1111ProfileId, installed: readonly ExtensionId[]): unknown[] {
  return KINDS.flatMap((kind) =>
    scriptsOf(profile, installed, kind).map((item) => ({
      name: item.title.toLowerCase(),
      is_alwayson: item.alwayson,
      is_img2img: kind === 'img2img',
      args: item.args,
    })),
  );
}
