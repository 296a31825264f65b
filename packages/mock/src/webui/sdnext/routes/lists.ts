import { httpException } from '../../errors/index.js';
import { pyFloat, type PyJson } from '../../python/index.js';
import { RaisedEnvelope } from '../reply.js';
import { PREPROCESSORS, UPSCALERS } from './generation.js';
import type { SdnextHandlerTable } from './handler.js';

const upscalerItem = (name: string): PyJson => ({
  name,
  model_name: null,
  model_path: null,
  model_url: null,
  scale: pyFloat(name.startsWith('Latent') ? 2 : 1),
});

const DETAILERS = [{ name: 'face-yolo8n', path: '/mock/sdnext/models/yolo/face-yolo8n.pt' }];

/**
 * The enumerations and the routes of SD.Next's optional modules. The mock has no LoRAs, VAEs, UNets,
 * embeddings, styles, wildcards, extensions, extra networks, scripts or control models, so those
 * lists are empty; samplers and the VLM/tagger models are SD.Next's own (fixtures), preprocessors and
 * upscalers a few of SD.Next's built-in ones.
 */
export const listHandlers: SdnextHandlerTable = {
  'GET /sdapi/v1/scripts': () => ({ txt2img: [], img2img: [], control: [] }),
  'GET /sdapi/v1/script-info': ({ request }) => {
    request.query();
    return [];
  },
  'GET /sdapi/v1/preprocessors': () => PREPROCESSORS as unknown as PyJson,
  'GET /sdapi/v1/masking': () => ({ models: [], colormaps: ['none', 'inferno'], params: {}, types: ['None'] }),
  'GET /sdapi/v1/samplers': ({ ctx }) => ctx.answers.samplers,
  /**
   * 500 at 058a7f0: the `Default`, separator and `Same as primary` rows have no scheduler class and the
   * response model requires a string, so FastAPI's ResponseValidationError escapes to the middleware.
   */
  'GET /sdapi/v1/schedulers': ({ ctx }) => {
    throw new RaisedEnvelope(ctx.answers.schedulers as unknown as PyJson);
  },
  'GET /sdapi/v1/upscalers': () => UPSCALERS.map(upscalerItem),
  'GET /sdapi/v1/controlnets': ({ request }) => {
    request.query();
    return [];
  },
  'GET /sdapi/v1/control-models': ({ request }) => {
    request.query();
    return [];
  },
  'GET /sdapi/v1/control-modes': () => ({}),
  'GET /sdapi/v1/face-restorers': () => DETAILERS,
  'GET /sdapi/v1/detailers': () => DETAILERS,
  'GET /sdapi/v1/prompt-styles': () => [],
  'GET /sdapi/v1/embeddings': () => ({ loaded: [], skipped: [] }),
  'GET /sdapi/v1/ip-adapters': () => ['None', 'Base', 'Base ViT-G', 'Plus', 'Plus Face'],
  'GET /sdapi/v1/wildcards': () => [],
  'GET /sdapi/v1/sd-vae': () => [],
  'GET /sdapi/v1/extensions': () => [],
  'GET /sdapi/v1/extra-networks': ({ request }) => {
    request.query();
    return [];
  },
  'GET /sdapi/v1/extra-network-detail': ({ request }) => {
    request.query();
    return {};
  },
  'GET /sdapi/v1/extra-network-details': ({ request }) => {
    const { offset, limit } = request.query();
    return { items: [], total: 0, offset: offset ?? 0, limit: limit ?? 50 };
  },
  'GET /sdapi/v1/unets': () => [],
  'GET /sdapi/v1/latents': () => [],
  'POST /sdapi/v1/latents': async ({ request }) => {
    await request.body();
    return 0;
  },
  'GET /sdapi/v1/modules': () => ({}),
  'GET /sdapi/v1/sampler': ({ ctx }) =>
    ctx.models.loaded === null ? {} : { name: ctx.models.loaded.scheduler, options: {} },
  'GET /sdapi/v1/lora': ({ request }) => {
    const name = request.query().lora;
    throw httpException(404, `Lora '${String(name)}' not found`);
  },
  'GET /sdapi/v1/loras': () => [],
  'POST /sdapi/v1/refresh-loras': () => ({}),
  'GET /sdapi/v1/loaded-loras': () => [],
  'GET /sdapi/v1/autocomplete': () => [],
  'GET /sdapi/v1/autocomplete/remote': () => [],
  'GET /sdapi/v1/autocomplete/{name}': ({ path }) => {
    throw httpException(404, `Autocomplete file not found: ${String(path.name)}`);
  },
  'DELETE /sdapi/v1/autocomplete/{name}': ({ path }) => {
    throw httpException(404, `Autocomplete file not found: ${String(path.name)}`);
  },
  'POST /sdapi/v1/autocomplete/{name}/download': ({ path }) => {
    throw httpException(404, `Autocomplete file not found: ${String(path.name)}`);
  },
  'GET /sdapi/v1/browser/folders': () => [],
  'GET /sdapi/v1/browser/thumb': ({ request }) => {
    request.query();
    return {};
  },
  'GET /sdapi/v1/browser/files': ({ request }) => {
    request.query();
    return [];
  },
  'GET /sdapi/v1/xyz-grid': ({ request }) => {
    request.query();
    return [];
  },
  'POST /sdapi/v1/nudenet': async ({ request }) => {
    await request.body();
    return { detections: [], image: null };
  },
  'POST /sdapi/v1/prompt-lang': async ({ request }) => {
    await request.body();
    return { ok: true, lang: [], alphabet: [] };
  },
  'POST /sdapi/v1/image-guard': async ({ request }) => {
    await request.body();
    return {};
  },
  'POST /sdapi/v1/prompt-banned': async ({ request }) => {
    await request.body();
    return [];
  },
  'POST /sdapi/v1/upload': () => {
    throw httpException(400, 'Upload failed');
  },
  'PUT /sdapi/v1/upload': () => {
    throw httpException(400, 'Upload failed');
  },
};
