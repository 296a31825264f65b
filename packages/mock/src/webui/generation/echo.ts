import type { PyJson } from '../python/index.js';
import type { GenerationKind, GenerationRequest } from './request.js';

/**
 * The response's `parameters`: the coerced request as the webui echoes it (`vars(request)`).
 * img2img drops the input images unless `include_init_images` asks for them; the flag itself is
 * echoed although the model marks it `exclude`, since `vars()` ignores that.
 */
export function echoParameters(
  kind: GenerationKind,
  params: Record<string, PyJson>,
  request: GenerationRequest,
): Record<string, PyJson> {
  const parameters: Record<string, PyJson> = { ...params };
  if (kind === 'img2img' && request.include_init_images !== true) {
    parameters.init_images = null;
    parameters.mask = null;
  }
  return parameters;
}
