import { pythonEquals } from '../../options/index.js';
import { PyFloat, toPlain, type PyJson } from '../../python/index.js';

/** A deep copy that keeps Python floats (`structuredClone` would turn them into plain objects). */
function copy(value: PyJson): PyJson {
  if (value === null || typeof value !== 'object' || value instanceof PyFloat) return value;
  if (Array.isArray(value)) return value.map(copy);
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, copy(item as PyJson)]));
}

/** Option keys SD.Next keeps in its secrets store when set: never written to `opts.data`, never listed. */
const SECRET_SUFFIXES = ['_version', '_token', '_key', '_secret', '_password'];

/** Registered options `GET /options` leaves out (`options.py`). */
const UNLISTED = new Set(['sd_lora', 'sd_lyco']);

/**
 * SD.Next's `shared.opts` (`modules/options_handler.py`) on a first run, when `opts.data` holds every
 * registered default (the harness's GET /options, `fixtures/sdnext-058a7f0`). `set` answers whether
 * the value changed: an unknown key, or a value equal to the current one (Python's `==`), is `false`
 * and stores nothing; values are not type-checked. Keys ending in `_token`, `_key`, … go to the
 * secrets store, so GET keeps showing the default.
 */
export class SdnextOptions {
  private readonly data: Map<string, PyJson>;
  private readonly secrets = new Map<string, PyJson>();
  /** Called after an option changed (`onchange`), e.g. to reload the model. */
  onChange: (key: string, value: PyJson) => void = () => {};

  constructor(defaults: Record<string, PyJson>) {
    this.data = new Map(Object.entries(defaults).map(([key, value]) => [key, copy(value)]));
    // sd_lora is registered (so it can be set) but never listed.
    this.data.set('sd_lora', '');
  }

  /** The current value as a plain JavaScript value. */
  get(key: string): unknown {
    return toPlain(this.secrets.get(key) ?? this.data.get(key));
  }

  has(key: string): boolean {
    return this.data.has(key);
  }

  /** `opts.set(key, value)`: whether the option changed. */
  set(key: string, value: PyJson): boolean {
    const old = this.secrets.get(key) ?? this.data.get(key);
    if (old === undefined) return false;
    if (pythonEquals(old, value)) return false;
    this.store(key, value);
    this.onChange(key, value);
    return true;
  }

  /** Writes a value as `setattr(opts, key, value)` does, without the change check. */
  store(key: string, value: PyJson): void {
    if (SECRET_SUFFIXES.some((suffix) => key.endsWith(suffix))) this.secrets.set(key, value);
    else this.data.set(key, value);
  }

  /** GET /sdapi/v1/options: `opts.data` in its order, without the LoRA keys. */
  toJson(): Record<string, PyJson> {
    const out: Record<string, PyJson> = {};
    for (const [key, value] of this.data) if (!UNLISTED.has(key)) out[key] = value;
    return out;
  }

  /**
   * `override_settings` for one job (`processing.py`): known keys are set and restored afterwards;
   * unknown keys and values equal to the current one are skipped. Returns the restore function.
   */
  override(settings: Record<string, PyJson>): () => void {
    const saved = new Map<string, PyJson>();
    for (const [key, value] of Object.entries(settings)) {
      const old = this.secrets.get(key) ?? this.data.get(key);
      if (old === undefined || pythonEquals(old, value)) continue;
      saved.set(key, old);
      this.store(key, value);
    }
    return () => {
      for (const [key, value] of saved) this.store(key, value);
    };
  }
}
