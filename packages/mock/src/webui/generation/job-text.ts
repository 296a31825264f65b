import { infotextValueBytes } from '../options/infotext-bound.js';
import type { PyJson } from '../python/index.js';
import type { JobText } from './budget.js';
import type { WebuiContext } from './context.js';
import type { PlanShape } from './plan.js';

const utf8 = (value: PyJson | undefined): number => (typeof value === 'string' ? Buffer.byteLength(value) : 0);

/** `styles` lists, shared by every job of a request, measured once each. */
const stylesMeasured = new WeakMap<object, number>();

function stylesBytes(styles: PyJson | undefined): number {
  if (!Array.isArray(styles)) return 0;
  let bytes = stylesMeasured.get(styles);
  if (bytes === undefined) {
    bytes = styles.reduce<number>((sum, style) => sum + utf8(style) + 8, 0);
    stylesMeasured.set(styles, bytes);
  }
  return bytes;
}

/**
 * The text a job with `params` and `shape` writes into the response, before it runs (`JobText`):
 * its prompts; in every infotext what the always-on extensions add (`extension`, from
 * `alwaysonShare`), the options the infotext writes (as the job's `override_settings` leave
 * them) and the hires fields; its styles once. `prompts` gives the UTF-8 bytes of the prompt and
 * negative prompt when they are not made yet (a Prompt S/R cell).
 */
export function jobText(
  ctx: WebuiContext,
  params: Record<string, PyJson>,
  shape: PlanShape,
  extension: number,
  prompts?: number,
): JobText {
  const overrides = (params.override_settings ?? {}) as Record<string, PyJson>;
  const option = (key: string): unknown =>
    Object.hasOwn(overrides, key) && overrides[key] !== null ? overrides[key] : ctx.options.get(key);
  let other = extension;
  if ((params.restore_faces ?? option('face_restoration') === true) === true)
    other += infotextValueBytes('face_restoration_model', option('face_restoration_model') ?? 'CodeFormer');
  if (ctx.profile.fork !== null) {
    other += infotextValueBytes('forge_unet_storage_dtype', option('forge_unet_storage_dtype'));
    other += infotextValueBytes('forge_additional_modules', option('forge_additional_modules'));
  }
  if (shape.hires) {
    other += utf8(params.hr_upscaler);
    if (ctx.profile.fork !== null) other += infotextValueBytes('hr_additional_modules', params.hr_additional_modules);
  }
  return {
    prompts: prompts ?? utf8(params.prompt) + utf8(params.negative_prompt),
    other,
    once: stylesBytes(params.styles),
  };
}
