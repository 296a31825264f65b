import type { PyJson } from '../../fastapi/python-json/index.js';
import type { GenerationKind, GenerationRequest } from './request.js';

/**
 * The response's `parameters`: the coerced request as the webui echoes it. img2img drops the
 * input images unless `include_init_images` asks for them, and never echoes that flag itself.
 */
export function echoParameters(
  kind: GenerationKind,
  params: Record<string, PyJson>,
  request: GenerationRequest,
): Record<string, PyJson> {
  const parameters: Record<string, PyJson> = { ...params };
  if (kind === 'img2img') {
    if (request.include_init_images !== true) {
      parameters.init_images = null;
      parameters.mask = null;
    }
    delete parameters.include_init_images;
  }
  return parameters;
}
