import { readRecordedBody } from '../../profiles/index.js';

/**
 * The ControlNet models the mock has on disk: the real `/controlnet/model_list` capture
 * (`spec/recordings/controlnet-model-list-1.json`), entries `"<stem> [<hash8>]"`.
 */
let recorded: readonly string[] | undefined;
export function controlNetModels(): readonly string[] {
  recorded ??= Object.freeze(readRecordedBody<{ model_list: string[] }>('controlnet-model-list-1.json').model_list);
  return recorded;
}

const stemOf = (entry: string) => entry.replace(/ \[[0-9a-f]+\]$/, '');

/** `model` resolved as the extension does: exact entry, lower-cased stem, then the shortest entry containing it. */
export function findControlNetModel(models: readonly string[], name: string): string | undefined {
  const lower = name.toLowerCase();
  return (
    models.find((entry) => entry === name) ??
    models.find((entry) => stemOf(entry).toLowerCase() === lower) ??
    [...models].filter((entry) => entry.toLowerCase().includes(lower)).sort((a, b) => a.length - b.length)[0]
  );
}

export type SdVersion = 'SD1x' | 'SD2x' | 'SDXL' | 'Unknown';

/** The extension's guess of a model's base from its name (`sd15`, `sd21`, `xl`, …). */
export function guessSdVersion(name: string): SdVersion {
  const lower = name.toLowerCase();
  if (/sd1[456]/.test(lower)) return 'SD1x';
  if (/sd21|2\.1/.test(lower)) return 'SD2x';
  if (lower.includes('xl')) return 'SDXL';
  return 'Unknown';
}
