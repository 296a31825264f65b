import { pythonException } from '../errors/index.js';
import {
  adetailerDefaultArgs,
  adetailerInfotextBytes,
  AD_TAB_COUNT,
  runAdetailer,
} from '../extensions/adetailer/index.js';
import { controlNetFlavour } from '../extensions/controlnet/flavour.js';
import { controlNetShare, runControlNet } from '../extensions/controlnet/index.js';
import type { ExtensionId } from '../extensions/host/index.js';
import type { ScriptEffect } from '../extensions/script-effect.js';
import type { WebuiContext } from '../generation/context.js';
import type { GenerationPlan } from '../generation/plan.js';
import type { GenerationKind, GenerationRequest } from '../generation/request.js';
import type { PyJson } from '../python/index.js';
import type { ScriptArg } from './catalogue.js';

/**
 * The copy half of A1111's `init_script_args` for one always-on script: the first
 * `min(slots, len(args))` items of `value["args"]` over the defaults. The checks half
 * (`checkAlwaysOnScripts`, while planning) has already refused values that do not support
 * `in` or `len()`; what is left to raise is indexing: `"args"` found in a string or list
 * value, or items taken from a dict by position.
 */
function copySlots(value: unknown, defaults: readonly unknown[]): unknown[] {
  const slots = [...defaults];
  if (typeof value === 'string') {
    if (value.includes('args')) throw pythonException('TypeError', 'string indices must be integers');
    return slots;
  }
  if (Array.isArray(value)) {
    if (value.includes('args')) throw pythonException('TypeError', 'list indices must be integers or slices, not str');
    return slots;
  }
  if (value === null || typeof value !== 'object' || !('args' in value)) return slots;
  const args = (value as { args: unknown }).args;
  const count = (length: number) => Math.min(slots.length, length);
  if (typeof args === 'string') return slots.map((item, index) => (index < args.length ? args[index] : item));
  if (Array.isArray(args)) {
    for (let index = 0; index < count(args.length); index++) slots[index] = args[index];
  } else if (args !== null && typeof args === 'object' && count(Object.keys(args).length) > 0) {
    throw pythonException('KeyError', '0');
  }
  return slots;
}

/** The extension scripts' argument slots of one request, by extension; copied before the job is queued. */
export type AlwaysonSlots = Partial<Record<ExtensionId, unknown[]>>;

/** Default argument values of another always-on script, from the profile's cached `/script-info`. */
function argValuesOf(ctx: WebuiContext, kind: GenerationKind, name: string): unknown[] {
  const info = ctx.catalogue.scriptInfo as Array<{ name?: string; is_img2img?: boolean; args?: ScriptArg[] }>;
  const entry = info.find((item) => item.name === name && item.is_img2img === (kind === 'img2img'));
  return (entry?.args ?? []).map((arg) => arg.value);
}

/**
 * `init_script_args`' copy of `alwayson_scripts` into the emulated extensions' slots (unit
 * count and tab count from the options, as the extensions read them); the other scripts'
 * values are only checked for the errors copying them raises.
 */
export function resolveAlwaysonSlots(
  ctx: WebuiContext,
  kind: GenerationKind,
  request: GenerationRequest,
  raw: Readonly<Record<string, PyJson>> = {},
): AlwaysonSlots {
  const out: AlwaysonSlots = {};
  // Forge's ControlNet prints what was sent with `str()`, so its units keep Python's floats (`raw`, as validated).
  const forge = controlNetFlavour(ctx.profile).api === 'forge';
  for (const [title, plain] of Object.entries(request.alwayson_scripts ?? {})) {
    const name = title.toLowerCase();
    const value = forge && name === 'controlnet' ? (raw[title] ?? plain) : plain;
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
      copySlots(value, argValuesOf(ctx, kind, name));
    }
  }
  return out;
}

/** What the always-on extensions add to each job of a request, estimated once from their slots before any job runs. */
export interface AlwaysonShare {
  /** UTF-8 bytes added to every infotext (and once to the job's `extra_generation_params`). */
  infotext: number;
  /** Images appended to a job: ControlNet's detected maps, one per enabled unit and pass. */
  images(hires: boolean): number;
}

/** `AlwaysonShare` of a request's slots, read as sent (nothing validated or printed: the jobs do that when they run). */
export function alwaysonShare(ctx: WebuiContext, kind: GenerationKind, slots: AlwaysonSlots): AlwaysonShare {
  const adetailer = slots.adetailer ? adetailerInfotextBytes(kind, slots.adetailer) : 0;
  const controlnet = slots.controlnet ? controlNetShare(ctx, slots.controlnet) : { infotext: 0, mapsPerPass: 0 };
  return {
    infotext: adetailer + controlnet.infotext,
    images: (hires) => controlnet.mapsPerPass * (hires ? 2 : 1),
  };
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
    images: async () => {
      const images: Uint8Array[] = [];
      for (const effect of effects) images.push(...(await effect.images()));
      return images;
    },
  };
}
