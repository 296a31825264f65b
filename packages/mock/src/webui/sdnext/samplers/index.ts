import { httpException } from '../../errors/index.js';

/** A row of SD.Next's sampler table (`samplers_data_diffusers`): the schedulers route lists all 137. */
export interface SamplerRow {
  name: string;
}

/** Dropdown divider rows (`── Euler ──`), never a sampler (`sd_samplers.is_separator`). */
const isSeparator = (name: unknown): boolean => typeof name === 'string' && name.startsWith('─');

/**
 * The diffusers samplers SD.Next offers (`modules/sd_samplers.py`): `Default` (the model's own
 * scheduler), the named ones, separators and `Same as primary`, with the scheduler class each
 * constructs (for the infotext).
 */
export class SdnextSamplers {
  private readonly byName: ReadonlyMap<string, string>;

  constructor(
    rows: readonly SamplerRow[],
    private readonly classes: Readonly<Record<string, string>>,
  ) {
    this.byName = new Map(rows.map((row) => [row.name, row.name]));
  }

  /**
   * `helpers.validate_sampler_name` for txt2img/img2img's `sampler_name or sampler_index`: an exact
   * name, else a case-insensitive match (`find_sampler`) answered with the canonical name; a
   * separator, `""`, `"None"`, an unknown name or a bare index is 404 `Sampler not found`.
   */
  validate(name: unknown): string {
    if (!isSeparator(name) && typeof name === 'string') {
      const exact = this.byName.get(name);
      if (exact !== undefined) return exact;
      if (name !== '' && name !== 'None') {
        const lower = name.toLowerCase();
        for (const known of this.byName.keys()) if (known.toLowerCase() === lower) return known;
      }
    }
    throw httpException(404, 'Sampler not found');
  }

  /** `/control`'s lookup: an exact name, else `Default` (no 404). */
  exactOrDefault(name: unknown): string {
    return typeof name === 'string' && this.byName.has(name) && !isSeparator(name) ? name : 'Default';
  }

  /** The scheduler class a sampler runs (`Default`: the model's own, given). */
  schedulerClass(sampler: string, modelScheduler: string): string {
    return this.classes[sampler] ?? modelScheduler;
  }
}
