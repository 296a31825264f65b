/**
 * ADetailer tabs for `alwayson_scripts`, typed from the extension's `ADetailerArgs`
 * (Bing-su/adetailer 25.3.0; pydantic v1 with extra = forbid, so only declared keys type-check).
 */
import type { components } from '../../generated/a1111-1.10.adetailer.js';

/** One ADetailer tab: every field of `ADetailerArgs` (`ad_model` from `client.adetailer.models()`). */
export type ADetailerTab = components['schemas']['ADetailerArgs'];

export interface ADetailerOptions {
  /** Run ADetailer (default true). Sent as the first slot. */
  enabled?: boolean;
  /** img2img only: skip the img2img pass and only detail (default false). Sent as the second slot. */
  skipImg2img?: boolean;
}

/** The `alwayson_scripts` entry of ADetailer (the key is matched case-insensitively by the webui). */
export type ADetailerScript = {
  ADetailer: { args: [boolean, boolean, ...ADetailerTab[]] };
};

/**
 * The `alwayson_scripts` entry for these tabs (a detector name is short for `{ ad_model: name }`),
 * to spread with others: `alwayson_scripts: { ...controlNet(units), ...adetailer(['face_yolov8n.pt']) }`.
 * Both flags are always sent: with fewer than three slots the server fills the third with its UI
 * default tab, an extra `face_yolov8n.pt` pass nobody asked for.
 */
export function adetailer(
  tabs: ADetailerTab | string | ReadonlyArray<ADetailerTab | string>,
  options: ADetailerOptions = {},
): ADetailerScript {
  const list = Array.isArray(tabs) ? tabs : [tabs as ADetailerTab | string];
  const entries = list.map((tab): ADetailerTab => (typeof tab === 'string' ? { ad_model: tab } : { ...tab }));
  return { ADetailer: { args: [options.enabled ?? true, options.skipImg2img ?? false, ...entries] } };
}
