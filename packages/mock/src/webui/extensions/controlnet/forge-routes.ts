import { httpException } from '../../errors/index.js';
import { toPlain, type PyJson } from '../../python/index.js';
import { pngSize } from '../../png/index.js';
import type { ExtensionHandlers } from '../routes.js';
import { FORGE_CONTROLNET, FORGE_MODULES } from './flavour.js';
import { controlNetModels } from './models.js';
import { checkImageList, checkPixels, controlTypes, decodeEach, openposeResults, renderEach } from './routes.js';

/**
 * Forge's built-in ControlNet routes (`lib_controlnet/api.py`, EXTENSIONS.md §3.10): no
 * `version`, `settings` or `render_openpose_json`; `"None"` first in the model and module lists;
 * `detect` without masks, defaults 512/64/64 (from its document) and no bound check.
 */
export const forgeControlNetHandlers: ExtensionHandlers = {
  'GET /controlnet/model_list': () => ({ model_list: ['None', ...controlNetModels()] }),
  'GET /controlnet/module_list': () => ({
    module_list: FORGE_MODULES.map((item) => (item.name === 'none' ? 'None' : item.label)),
  }),
  'GET /controlnet/control_types': () => controlTypes(FORGE_MODULES, 'None'),
  'POST /controlnet/detect': async ({ request }) => {
    const body = toPlain(await request.body()) as {
      controlnet_module: string | null;
      controlnet_input_images: string[] | null;
    };
    // The default `none` is not a Forge module: omitting it is 422 too.
    const module = body.controlnet_module ?? 'none';
    const preprocessor = FORGE_CONTROLNET.findModule(module);
    if (preprocessor === undefined) throw httpException(422, 'Module not available');
    const inputs = body.controlnet_input_images ?? [];
    if (inputs.length === 0) throw httpException(422, 'No image selected');
    checkImageList(inputs.length);
    const decoded = await decodeEach(inputs);
    const sizes = decoded.map((bytes) => pngSize(bytes) ?? { width: 512, height: 512 });
    checkPixels(sizes);
    const images = preprocessor.tensor
      ? decoded.map(() => 'Detect result is not image')
      : await renderEach(sizes, (index) => `detect|${module}|${decoded[index]?.length}|${index}`);
    const out: Record<string, PyJson> = { images, info: 'Success' };
    if (preprocessor.label.includes('openpose')) {
      out.poses = openposeResults(sizes);
    }
    return out;
  },
};
