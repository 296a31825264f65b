/**
 * Parses an infotext the way the webui's `parse_generation_parameters` does
 * (`modules/infotext_utils.py`): prompt lines, then a `Negative prompt:` line and what follows
 * it, then one line of `Key: value` pairs, which counts only if it holds at least 3 pairs.
 * Values written as JSON strings (because they contain `,`, `:` or a newline) are unquoted.
 */
export interface Infotext {
  prompt: string;
  negativePrompt: string;
  /**
   * Every `Key: value` pair of the parameter line in order, values as strings (like the webui).
   * Keys are data: this object has no prototype, so `__proto__`, `constructor` or `hasOwnProperty`
   * are keys like any other (read it with `Object.entries`, `Object.hasOwn` or `key in params`).
   */
  params: Record<string, string>;

  steps?: number;
  sampler?: string;
  /** `Schedule type` (1.9+): `Automatic`, `Karras`, … */
  scheduleType?: string;
  cfgScale?: number;
  seed?: number;
  width?: number;
  height?: number;
  model?: string;
  modelHash?: string;
  vae?: string;
  vaeHash?: string;
  clipSkip?: number;
  denoisingStrength?: number;
  faceRestoration?: string;
  variationSeed?: number;
  variationSeedStrength?: number;
  /** `Lora hashes: "name: hash, …"` as a map (no prototype, as `params`). */
  loraHashes?: Record<string, string>;
  /** `TI hashes: "name: hash, …"` as a map (no prototype, as `params`). */
  tiHashes?: Record<string, string>;
  hires?: HiresInfo;
  /** `Version`: `v1.10.1`, or a Forge string such as `f0.0.17v1.8.0rc-…`. */
  version?: string;
  /** Pairs the typed fields above do not cover (extensions: `ControlNet 0`, `ADetailer model`, …); no prototype, as `params`. */
  extra: Record<string, string>;
}

export interface HiresInfo {
  upscale?: number;
  resizeWidth?: number;
  resizeHeight?: number;
  upscaler?: string;
  steps?: number;
  sampler?: string;
  scheduleType?: string;
  checkpoint?: string;
  prompt?: string;
  negativePrompt?: string;
}

/** The webui's pair pattern: key = word char then word chars, spaces, `-` or `/`; value = JSON string or up to the next comma. */
const PAIR = /\s*(\w[\w \-/]+):\s*("(?:\\.|[^\\"])+"|[^,]*)(?:,|$)/g;
const NEGATIVE = 'Negative prompt:';

function readPairs(line: string): Array<[string, string]> {
  const pairs: Array<[string, string]> = [];
  for (const match of line.matchAll(PAIR)) {
    const key = match[1] as string;
    let value = (match[2] as string).trim();
    if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) {
      try {
        value = JSON.parse(value) as string;
      } catch {
        // Not valid JSON after all: keep the text as written, as the webui does.
      }
    }
    pairs.push([key, value]);
  }
  return pairs;
}

/** An empty record without a prototype: keys an infotext holds (`__proto__`, `constructor`) are data. */
const dataRecord = (): Record<string, string> => Object.create(null) as Record<string, string>;

// A Map, not an object literal: a key such as `valueOf` or `__proto__` must not find Object.prototype's members.
const TYPED_KEYS = new Map<string, (info: Infotext, value: string) => void>(
  Object.entries({
    Steps: (info, v) => setNumber(info, 'steps', v),
    Sampler: (info, v) => (info.sampler = v),
    'Schedule type': (info, v) => (info.scheduleType = v),
    'CFG scale': (info, v) => setNumber(info, 'cfgScale', v),
    Seed: (info, v) => setNumber(info, 'seed', v),
    Size: (info, v) => {
      const size = parseSize(v);
      if (size) [info.width, info.height] = size;
    },
    Model: (info, v) => (info.model = v),
    'Model hash': (info, v) => (info.modelHash = v),
    VAE: (info, v) => (info.vae = v),
    'VAE hash': (info, v) => (info.vaeHash = v),
    'Clip skip': (info, v) => setNumber(info, 'clipSkip', v),
    'Denoising strength': (info, v) => setNumber(info, 'denoisingStrength', v),
    'Face restoration': (info, v) => (info.faceRestoration = v),
    'Variation seed': (info, v) => setNumber(info, 'variationSeed', v),
    'Variation seed strength': (info, v) => setNumber(info, 'variationSeedStrength', v),
    'Lora hashes': (info, v) => (info.loraHashes = parseHashes(v)),
    'TI hashes': (info, v) => (info.tiHashes = parseHashes(v)),
    Version: (info, v) => (info.version = v),
    'Hires upscale': (info, v) => setHires(info, 'upscale', toNumber(v)),
    'Hires resize': (info, v) => {
      const size = parseSize(v);
      if (size) [hires(info).resizeWidth, hires(info).resizeHeight] = size;
    },
    'Hires upscaler': (info, v) => setHires(info, 'upscaler', v),
    'Hires steps': (info, v) => setHires(info, 'steps', toNumber(v)),
    'Hires sampler': (info, v) => setHires(info, 'sampler', v),
    'Hires schedule type': (info, v) => setHires(info, 'scheduleType', v),
    'Hires checkpoint': (info, v) => setHires(info, 'checkpoint', v),
    'Hires prompt': (info, v) => setHires(info, 'prompt', v),
    'Hires negative prompt': (info, v) => setHires(info, 'negativePrompt', v),
  } satisfies Record<string, (info: Infotext, value: string) => void>),
);

function toNumber(value: string): number | undefined {
  const number = Number(value);
  return value.trim() !== '' && Number.isFinite(number) ? number : undefined;
}

type NumberField =
  | 'steps'
  | 'cfgScale'
  | 'seed'
  | 'clipSkip'
  | 'denoisingStrength'
  | 'variationSeed'
  | 'variationSeedStrength';
function setNumber(info: Infotext, field: NumberField, value: string): void {
  const number = toNumber(value);
  if (number !== undefined) info[field] = number;
}

function hires(info: Infotext): HiresInfo {
  return (info.hires ??= {});
}

function setHires<K extends keyof HiresInfo>(info: Infotext, field: K, value: HiresInfo[K] | undefined): void {
  if (value !== undefined) hires(info)[field] = value;
}

function parseSize(value: string): [number, number] | undefined {
  const match = /^(\d+)x(\d+)$/.exec(value.trim());
  return match ? [Number(match[1]), Number(match[2])] : undefined;
}

function parseHashes(value: string): Record<string, string> {
  const hashes = dataRecord();
  for (const part of value.split(',')) {
    const at = part.lastIndexOf(':');
    if (at > 0) hashes[part.slice(0, at).trim()] = part.slice(at + 1).trim();
  }
  return hashes;
}

/** Parses an infotext (a PNG's `parameters` text) into prompt, negative prompt and settings; never throws. */
export function parseInfotext(text: string): Infotext {
  const lines = text.trim().split('\n');
  let paramLine = lines.at(-1) ?? '';
  let pairs = readPairs(paramLine);
  if (pairs.length < 3) {
    pairs = [];
    paramLine = '';
  } else {
    lines.pop();
  }
  let prompt = '';
  let negativePrompt = '';
  let inNegative = false;
  for (const raw of lines) {
    let line = raw.trim();
    if (line.startsWith(NEGATIVE)) {
      inNegative = true;
      line = line.slice(NEGATIVE.length).trim();
    }
    if (inNegative) negativePrompt += (negativePrompt === '' ? '' : '\n') + line;
    else prompt += (prompt === '' ? '' : '\n') + line;
  }
  const info: Infotext = { prompt, negativePrompt, params: dataRecord(), extra: dataRecord() };
  for (const [key, value] of pairs) {
    info.params[key] = value;
    const typed = TYPED_KEYS.get(key);
    if (typed) typed(info, value);
    else info.extra[key] = value;
  }
  return info;
}
