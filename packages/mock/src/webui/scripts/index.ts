import { httpException, pythonException } from '../../fastapi/errors/index.js';
import { adetailerDefaultArgs, AD_TAB_COUNT, runAdetailer } from '../extensions/adetailer/index.js';
import { runControlNet } from '../extensions/controlnet/index.js';
import type { ExtensionId } from '../extensions/host/index.js';
import type { ScriptEffect } from '../extensions/script-effect.js';
import type { WebuiContext } from '../generation/context.js';
import type { GenerationPlan } from '../generation/plan.js';
import type { GenerationKind, GenerationRequest } from '../generation/request.js';
import { scriptsOf, type ScriptEntry } from './catalogue.js';

export { scriptInfo, scriptsList, scriptsOf, type ScriptArg, type ScriptEntry } from './catalogue.js';

const findScript = (scripts: readonly ScriptEntry[], name: string) =>
  scripts.find((item) => item.title.toLowerCase() === name.toLowerCase());

/**
 * The API's script checks, in its order: `script_name` must be a selectable script of the
 * runner, every `alwayson_scripts` key a script of the runner and not a selectable one
 * (titles compared lower-cased). Throws the webui's 422s.
 */
export function checkScriptNames(ctx: WebuiContext, kind: GenerationKind, request: GenerationRequest): void {
  const scripts = scriptsOf(ctx.profile.id, ctx.extensions.installed, kind);
  if (request.script_name) {
    const script = findScript(scripts, request.script_name);
    if (script === undefined || script.alwayson) throw httpException(422, `Script '${request.script_name}' not found`);
  }
  for (const title of Object.keys(request.alwayson_scripts ?? {})) {
    const script = findScript(scripts, title);
    if (script === undefined) throw httpException(422, `Script '${title}' not found`);
    if (!script.alwayson) throw httpException(422, 'Cannot have a selectable script in the always on scripts params');
  }
}

/** Python's type name of a JSON value, for the TypeErrors A1111's argument copy raises. */
function pythonType(value: unknown): string {
  if (value === null) return 'NoneType';
  if (typeof value === 'boolean') return 'bool';
  if (typeof value === 'number') return Number.isInteger(value) ? 'int' : 'float';
  if (typeof value === 'string') return 'str';
  return Array.isArray(value) ? 'list' : 'dict';
}

/**
 * A1111's `init_script_args` for one always-on script: `"args" in value`, then the first
 * `min(slots, len(args))` items copied over the defaults. Values it cannot do that with raise
 * the TypeError Python would (a 500).
 */
function copySlots(value: unknown, defaults: readonly unknown[]): unknown[] {
  const slots = [...defaults];
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'string') {
      if (value.includes('args')) throw pythonException('TypeError', 'string indices must be integers');
      return slots;
    }
    throw pythonException('TypeError', `argument of type '${pythonType(value)}' is not iterable`);
  }
  if (Array.isArray(value)) {
    if (value.includes('args')) throw pythonException('TypeError', 'list indices must be integers or slices, not str');
    return slots;
  }
  if (!('args' in value)) return slots;
  const args = (value as { args: unknown }).args;
  if (typeof args === 'string') return slots.map((item, index) => (index < args.length ? args[index] : item));
  if (!Array.isArray(args)) {
    if (args !== null && typeof args === 'object') throw pythonException('KeyError', '0');
    throw pythonException('TypeError', `object of type '${pythonType(args)}' has no len()`);
  }
  for (let index = 0; index < Math.min(slots.length, args.length); index++) slots[index] = args[index];
  return slots;
}

/** The extension scripts' argument slots of one request, by extension; checked before the job starts. */
export type AlwaysonSlots = Partial<Record<ExtensionId, unknown[]>>;

export function resolveAlwaysonSlots(ctx: WebuiContext, request: GenerationRequest): AlwaysonSlots {
  const out: AlwaysonSlots = {};
  for (const [title, value] of Object.entries(request.alwayson_scripts ?? {})) {
    const name = title.toLowerCase();
    if (name === 'controlnet' && ctx.extensions.has('controlnet')) {
      const unitCount = Math.min(
        10,
        Math.max(1, Math.trunc(Number(ctx.options.get('control_net_unit_count') ?? 3)) || 3),
      );
      out.controlnet = copySlots(
        value,
        Array.from({ length: unitCount }, () => ({ enabled: false })),
      );
    } else if (name === 'adetailer' && ctx.extensions.has('adetailer')) {
      const tabs = Math.min(
        15,
        Math.max(1, Math.trunc(Number(ctx.options.get('ad_max_models') ?? AD_TAB_COUNT)) || AD_TAB_COUNT),
      );
      out.adetailer = copySlots(value, adetailerDefaultArgs(tabs));
    } else {
      copySlots(value, []);
    }
  }
  return out;
}

/**
 * Runs the always-on extension scripts for one generation, in the webui's script order
 * (ADetailer's `!adetailer.py` sorts before `sd-webui-controlnet`): their infotext entries
 * merged, their extra images concatenated.
 */
export function runAlwaysonScripts(
  ctx: WebuiContext,
  kind: GenerationKind,
  request: GenerationRequest,
  plan: GenerationPlan,
  slots: AlwaysonSlots,
): ScriptEffect {
  const effects: ScriptEffect[] = [];
  if (slots.adetailer) effects.push(runAdetailer(ctx, kind, slots.adetailer));
  if (slots.controlnet) effects.push(runControlNet(ctx, kind, request, plan, slots.controlnet));
  return {
    infotext: Object.assign({}, ...effects.map((effect) => effect.infotext)),
    images: () => effects.flatMap((effect) => effect.images()),
  };
}
