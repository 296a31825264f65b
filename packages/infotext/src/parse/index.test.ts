import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { formatInfotext } from '../format/index.js';
import { parseInfotext } from './index.js';

const recordingsDir = fileURLToPath(new URL('../../../../spec/recordings/', import.meta.url));

/** Every infotext in the recordings: PNG chunks, pasted infotexts, and `info.infotexts` of generation responses. */
async function recordedInfotexts(): Promise<Array<[string, string]>> {
  const found: Array<[string, string]> = [];
  for (const file of (await readdir(recordingsDir)).filter((name) => name.endsWith('.json')).sort()) {
    const recording = JSON.parse(await readFile(recordingsDir + file, 'utf8')) as Record<string, unknown>;
    if (file.startsWith('infotext-')) found.push([file, recording.body as string]);
    const body = recording.body as { info?: unknown } | string;
    const infoStrings = [
      typeof body === 'object' && typeof body.info === 'string' ? body.info : undefined,
      file === 'txt2img-info-1.json' ? (body as string) : undefined,
      typeof recording.info_string === 'string' ? recording.info_string : undefined,
    ];
    for (const info of infoStrings) {
      if (info === undefined) continue;
      const parsed = JSON.parse(info) as { infotexts?: string[] };
      parsed.infotexts?.forEach((text, index) => {
        found.push([`${file} infotexts[${index}]`, text]);
      });
    }
  }
  return found;
}

const recorded = await recordedInfotexts();

describe('parseInfotext on every recorded infotext', () => {
  it('finds them', () => {
    expect(recorded.length).toBeGreaterThanOrEqual(9);
  });

  it.each(recorded)('%s round-trips through formatInfotext', (_name, text) => {
    const info = parseInfotext(text);
    expect(Object.keys(info.params).length).toBeGreaterThanOrEqual(3);
    expect(formatInfotext(info)).toBe(text);
  });
});

describe('parseInfotext fields', () => {
  it('reads prompt, negative prompt, typed values, quoted hashes and the version (1.9.4 PNG)', () => {
    const text = recorded.find(([name]) => name === 'infotext-2.json')?.[1] as string;
    const info = parseInfotext(text);
    expect(info.prompt).toMatch(/^magical fantasy forest, .*<lora:add-detail-xl:0\.8>$/);
    expect(info.negativePrompt).toMatch(/^ugly, bad anatomy, .* nsfw$/);
    expect(info).toMatchObject({
      steps: 30,
      sampler: 'DPM++ 3M',
      scheduleType: 'Karras',
      cfgScale: 6.5,
      seed: 2921279476,
      width: 888,
      height: 1184,
      modelHash: '501235c0cd',
      model: 'jibMixRealisticXL_v180SkinSupreme',
      vaeHash: 'f03e48fe77',
      vae: 'sdxl-vae-fp16-fix.safetensors',
      version: 'v1.9.4',
      loraHashes: {
        CosmicStyleSDXL: 'ccfe5cfff7',
        'TrendCraft_The_Peoples_Style_Detailer-v2.3I-4_15_2025-SDXL': 'cb53ea89e2',
        'add-detail-xl': '0d9bd1b873',
      },
      extra: {},
    });
    expect(info.params.Steps).toBe('30');
  });

  it('keeps extension values it does not know, unquoted (ControlNet, Tiled Diffusion, Forge CHG)', () => {
    const tiled = parseInfotext(recorded.find(([name]) => name === 'infotext-7.json')?.[1] as string);
    expect(tiled.prompt).toBe('');
    expect(tiled.extra['Tiled Diffusion']).toMatch(/^\{'Method': 'Mixture of Diffusers', .*'Keep input size': True\}$/);
    const forge = parseInfotext(recorded.find(([name]) => name === 'infotext-5.json')?.[1] as string);
    expect(forge).toMatchObject({
      sampler: 'DPM++ 2M Karras',
      version: 'f0.0.17v1.8.0rc-latest-277-g0af28699',
      negativePrompt: 'worst quality,',
    });
    expect(Object.keys(forge.extra)).toEqual(['CHG']);
  });

  it('joins multi-line prompts and negative prompts', () => {
    const info = parseInfotext(
      'a cat\non a mat\nNegative prompt: blurry\nugly\nSteps: 5, Sampler: Euler, CFG scale: 7.0, Seed: 1, Size: 64x32',
    );
    expect(info).toMatchObject({ prompt: 'a cat\non a mat', negativePrompt: 'blurry\nugly', width: 64, height: 32 });
  });

  it('treats a last line with fewer than 3 pairs as prompt text, as the webui does', () => {
    const info = parseInfotext('portrait\nstyle: noir, mood: dark');
    expect(info).toMatchObject({ prompt: 'portrait\nstyle: noir, mood: dark', params: {} });
  });

  it('reads hires, clip skip, variation seed and a multi-line quoted value', () => {
    const text =
      'x\nSteps: 20, Sampler: Euler a, CFG scale: 7.0, Seed: 5, Size: 512x512, Clip skip: 2, Variation seed: 9, Variation seed strength: 0.3, ' +
      'Denoising strength: 0.45, Hires upscale: 2, Hires steps: 10, Hires upscaler: Latent, Hires prompt: "a,\\nb", Version: v1.10.1';
    const info = parseInfotext(text);
    expect(info).toMatchObject({ clipSkip: 2, variationSeed: 9, variationSeedStrength: 0.3, denoisingStrength: 0.45 });
    expect(info.hires).toEqual({ upscale: 2, steps: 10, upscaler: 'Latent', prompt: 'a,\nb' });
    expect(formatInfotext(info)).toBe(text);
  });
});

describe('extension blocks', () => {
  it('reads Dynamic Prompts Template blocks (multi-line, quoted) and writes them back', () => {
    const text =
      'a {red|blue} car, studio light\nNegative prompt: blurry\nSteps: 20, Sampler: Euler a, CFG scale: 7, Seed: 3, Size: 512x512, ' +
      'Template: "a {red|blue} car,\\nstudio light", Negative Template: blurry, Version: v1.10.1';
    const info = parseInfotext(text);
    expect(info.extra).toEqual({ Template: 'a {red|blue} car,\nstudio light', 'Negative Template': 'blurry' });
    expect(formatInfotext(info)).toBe(text);
  });
});

describe('keys are data (issue #23)', () => {
  // Each once threw (`__proto__`, `hasOwnProperty`, `valueOf`: Object.prototype's members were taken for
  // typed-key handlers) or vanished from `params` and `extra` (`constructor`, `toString`).
  const keys = ['__proto__', 'hasOwnProperty', 'valueOf', 'constructor', 'toString', 'isPrototypeOf'];
  const text = `a cat\nSteps: 5, Seed: 1, ${keys.map((key, index) => `${key}: v${index}`).join(', ')}, Size: 64x32`;

  it('keeps keys named like Object.prototype members as ordinary pairs', () => {
    const info = parseInfotext(text);
    expect(Object.keys(info.params)).toEqual(['Steps', 'Seed', ...keys, 'Size']);
    expect(Object.entries(info.extra)).toEqual(keys.map((key, index) => [key, `v${index}`]));
    for (const [index, key] of keys.entries()) {
      expect(Object.hasOwn(info.params, key)).toBe(true);
      expect(info.params[key]).toBe(`v${index}`);
    }
    expect(info).toMatchObject({ steps: 5, seed: 1, width: 64, height: 32 });
    expect(Object.getPrototypeOf(info.params)).toBe(null);
    expect(formatInfotext(info)).toBe(text);
  });

  it('leaves every other object untouched and adds no key that was not in the text', () => {
    const info = parseInfotext('x\nSteps: 5, Seed: 1, Size: 8x8');
    expect(info.params.constructor).toBeUndefined();
    expect('toString' in info.extra).toBe(false);
    expect(({} as Record<string, unknown>).v0).toBeUndefined();
    parseInfotext(text);
    expect(Object.getPrototypeOf({})).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).v0).toBeUndefined();
  });

  it('reads hash maps with such names', () => {
    const info = parseInfotext('x\nSteps: 5, Seed: 1, Lora hashes: "__proto__: abc, constructor: def, ok: 123"');
    expect(Object.entries(info.loraHashes ?? {})).toEqual([
      ['__proto__', 'abc'],
      ['constructor', 'def'],
      ['ok', '123'],
    ]);
  });
});
