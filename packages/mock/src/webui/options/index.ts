import { findCheckpoint, type Checkpoint } from '../catalogue/index.js';
import { pythonException } from '../errors/index.js';
import { copyPyJson, PyFloat, pyFloat, pythonRepr, toPlain, type PyJson } from '../python/index.js';
import { checkInfotextValue } from './infotext-bound.js';

type Schema = { [key: string]: unknown };

/** Python's `==` on JSON values: `1 == 1.0 == True`, lists and dicts compared item by item. */
export function pythonEquals(a: unknown, b: unknown): boolean {
  const plain = (value: unknown) =>
    value instanceof PyFloat ? value.value : typeof value === 'boolean' ? Number(value) : value;
  const [x, y] = [plain(a), plain(b)];
  if (x === null || y === null || typeof x !== 'object' || typeof y !== 'object') return x === y;
  if (Array.isArray(x) !== Array.isArray(y)) return false;
  const xKeys = Object.keys(x);
  const yKeys = Object.keys(y);
  const xs = x as Record<string, unknown>;
  const ys = y as Record<string, unknown>;
  return xKeys.length === yKeys.length && xKeys.every((key) => key in ys && pythonEquals(xs[key], ys[key]));
}

/** Options the API may not change (`restrict_api`): POST /options ignores them silently. */
const RESTRICTED = new Set(['api_enable_requests', 'api_forbid_local_requests', 'api_useragent']);

/** Options whose change reloads a model or VAE, which waits for the running job (queue lock). */
export const RELOADING_OPTIONS = new Set([
  'sd_model_checkpoint',
  'sd_vae',
  'sd_vae_overrides_per_model_preferences',
  'cross_attention_optimization',
  'fp8_storage',
  'cache_fp16_weight',
]);

/** The option's type: `type`, or pydantic 2's `anyOf: [{type}, {type: "null"}]`. */
function typeOf(property: Schema): unknown {
  if (property.type !== undefined) return property.type;
  const branches = (property.anyOf ?? []) as Schema[];
  return branches.find((branch) => branch.type !== 'null')?.type;
}

/**
 * How POST /options sets values: A1111's `set_config` checks the checkpoint before anything and
 * ignores the `restrict_api` options; Forge's (`modules/sysinfo.py`) checks it when its turn comes
 * in the loop (earlier keys already set) and, called with `is_api=False`, lets the API change them.
 */
export type SetConfigStyle = 'a1111' | 'forge';

/**
 * The webui's settings (`shared.opts`), seeded from the profile's `Options` schema defaults, in
 * its order. GET returns every declared option; options whose default is an int are typed float
 * by the webui and so come back as floats (`"CLIP_stop_at_last_layers": 1.0`).
 */
export class OptionsStore {
  private readonly values = new Map<string, PyJson>();
  private readonly floatKeys = new Set<string>();

  constructor(
    optionsSchema: Schema,
    private readonly checkpoints: readonly Checkpoint[],
    private readonly checksCheckpoint: boolean,
    private readonly setConfig: SetConfigStyle = 'a1111',
  ) {
    const properties = (optionsSchema.properties ?? {}) as Record<string, Schema>;
    for (const [key, property] of Object.entries(properties)) {
      this.values.set(key, copyPyJson((property.default ?? null) as PyJson));
      if (typeOf(property) === 'number') this.floatKeys.add(key);
    }
    this.setCheckpoint(checkpoints[0] as Checkpoint);
  }

  /**
   * `shared.opts.data` as the webui holds it: every saved option, as stored (the HTML
   * `*_explanation` options are never saved). Forge's GET hands this to its response model.
   */
  data(): Record<string, PyJson> {
    const out: Record<string, PyJson> = {};
    for (const [key, value] of this.values) if (!key.endsWith('_explanation')) out[key] = value;
    return out;
  }

  /** The option's value as a plain JavaScript value (Python floats unwrapped). */
  get(key: string): unknown {
    return toPlain(this.values.get(key));
  }

  has(key: string): boolean {
    return this.values.has(key);
  }

  /** The loaded checkpoint. */
  get checkpoint(): Checkpoint {
    return findCheckpoint(this.checkpoints, String(this.values.get('sd_model_checkpoint'))) as Checkpoint;
  }

  setCheckpoint(item: Checkpoint): void {
    this.values.set('sd_model_checkpoint', item.title);
    this.values.set('sd_checkpoint_hash', item.sha256);
  }

  /**
   * GET /sdapi/v1/options: values pass through the `Options` model, so float-typed ones are
   * coerced (`"90"` → `90.0`); one that cannot be fails the response, a 500 as on the webui.
   */
  toJson(): Record<string, PyJson> {
    const out: Record<string, PyJson> = {};
    for (const [key, value] of this.values) {
      if (!this.floatKeys.has(key) || value === null) {
        out[key] = value;
        continue;
      }
      const number =
        value instanceof PyFloat
          ? value.value
          : typeof value === 'boolean'
            ? Number(value)
            : typeof value === 'string' && value.trim() !== ''
              ? Number(value)
              : value;
      if (typeof number !== 'number' || Number.isNaN(number)) {
        throw pythonException(
          'ValidationError',
          `1 validation error for Options\n${key}\n  value is not a valid float (type=type_error.float)`,
        );
      }
      out[key] = pyFloat(number);
    }
    return out;
  }

  /** Resolves a checkpoint alias for `sd_model_checkpoint`, raising as the webui's POST does. */
  resolveCheckpoint(alias: unknown): Checkpoint {
    const found = findCheckpoint(this.checkpoints, String(alias));
    if (found) return found;
    if (!this.checksCheckpoint) return this.checkpoints[0] as Checkpoint;
    throw pythonException('RuntimeError', `model ${pythonRepr(String(alias))} not found`);
  }

  /**
   * POST /sdapi/v1/options semantics (`opts.set`): keys applied in request order with no type
   * checks; a value equal to the current one is a no-op, so an unknown key with `null` is too
   * (`data.get(key, None) == None`); restricted keys ignored (A1111); any other unknown key raises
   * KeyError after earlier keys were applied. See `SetConfigStyle` for Forge's differences. A value
   * over the mock's infotext bound is refused before any key is applied.
   */
  apply(changes: Record<string, PyJson>): void {
    this.checkInfotextBound(changes);
    for (const [key, value] of Object.entries(changes)) {
      if (pythonEquals(this.values.get(key) ?? null, value)) continue;
      if (this.setConfig === 'forge' && key === 'sd_model_checkpoint' && value !== null) this.resolveCheckpoint(value);
      if (!this.values.has(key)) throw pythonException('KeyError', pythonRepr(key));
      if (RESTRICTED.has(key) && this.setConfig === 'a1111') continue;
      // A null checkpoint fails in the reload callback, which the webui catches and undoes.
      if (key === 'sd_model_checkpoint') {
        if (value !== null) this.setCheckpoint(this.resolveCheckpoint(value));
      } else this.values.set(key, value);
    }
  }

  /**
   * Refuses, before anything is applied, values of known options that every later infotext would
   * carry beyond the mock's bound (`INFOTEXT_VALUE_LIMITS`): `POST /options` and `override_settings`.
   */
  checkInfotextBound(changes: Readonly<Record<string, unknown>> | null | undefined): void {
    for (const [key, value] of Object.entries(changes ?? {})) if (this.values.has(key)) checkInfotextValue(key, value);
  }

  /** Applies `override_settings` for one job and returns a function that restores the old values. */
  override(settings: Record<string, unknown>): () => void {
    const saved = new Map<string, PyJson | undefined>();
    for (const [key, value] of Object.entries(settings)) {
      if (value === null || RESTRICTED.has(key)) continue;
      if (!this.values.has(key)) throw pythonException('KeyError', pythonRepr(key));
      if (key === 'sd_model_checkpoint') {
        // An unknown name is silently dropped for overrides: the configured model is used.
        const found = findCheckpoint(this.checkpoints, String(value));
        if (!found) continue;
        saved.set('sd_checkpoint_hash', this.values.get('sd_checkpoint_hash'));
        saved.set(key, this.values.get(key));
        this.setCheckpoint(found);
        continue;
      }
      saved.set(key, this.values.get(key));
      this.values.set(key, value as PyJson);
    }
    return () => {
      for (const [key, value] of saved) this.values.set(key, value as PyJson);
    };
  }
}
