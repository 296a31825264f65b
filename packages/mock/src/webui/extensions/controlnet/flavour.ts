import type { ProfileId } from '../../profiles/index.js';
import { findPreprocessor, type Preprocessor } from './preprocessors.js';

/**
 * What differs between ControlNet implementations the mock can emulate. Only Mikubill's
 * sd-webui-controlnet exists today; Forge's built-in ControlNet (EXTENSIONS.md §3.10–3.11:
 * `enabled` true by default, display names only with `"None"`, no validation, string-only images,
 * `mask_image` only, `-1` fields left out of the infotext, no version/settings routes) becomes a
 * second flavour chosen by the `forge-2` profile.
 */
export interface ControlNetFlavour {
  /** Where it comes from, for messages. */
  name: string;
  /** `enabled` when a unit omits it: false since sd-webui-controlnet 1.1.448, true in Forge. */
  enabledByDefault: boolean;
  /** `module` resolution: name or label (Mikubill), display names only (Forge). */
  findModule(module: string): Preprocessor | undefined;
}

export const SD_WEBUI_CONTROLNET: ControlNetFlavour = {
  name: 'sd-webui-controlnet v1.1.455',
  enabledByDefault: false,
  findModule: findPreprocessor,
};

/** The ControlNet a profile ships with once the extension is installed. */
export function controlNetFlavour(_profile: ProfileId): ControlNetFlavour {
  return SD_WEBUI_CONTROLNET;
}
