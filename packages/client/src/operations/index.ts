import type { CallContext, CallDeclaration } from '../core/call.js';
import { anyJson, listOfObjects, objectWith } from './shapes.js';

/** One webui operation the SDK calls: what the request loop needs, and who uses it. */
export interface OperationDeclaration extends CallDeclaration {
  /** The SDK calls that use it, as users know them (`txt2img`, `job.progress`). */
  readonly usedBy: readonly string[];
  /** False for routes outside every target's spec (Forge's sd-modules, extension routes, the spec document itself). */
  readonly inSpec?: false;
}

const generation = objectWith({ images: 'array?', info: 'string', parameters: 'object?' });
const upscaled = objectWith({ image: 'string?', html_info: 'string?' });

/**
 * Every operation the SDK calls, written once: the key is `METHOD /path`, which is the call's
 * label, and the declaration gives its retry policy, the shape of its answer and the SDK calls
 * it serves. The client hands this table to the request loop, whose `call()` takes only its keys;
 * the operation list for spec diffs comes from here.
 */
export const OPERATIONS = {
  'POST /sdapi/v1/txt2img': { usedBy: ['txt2img'], shape: generation },
  'POST /sdapi/v1/img2img': { usedBy: ['img2img'], shape: generation },
  'POST /internal/progress': {
    usedBy: ['job.progress', 'job.cancel'],
    idempotent: true,
    shape: objectWith({ active: 'boolean', queued: 'boolean', completed: 'boolean' }),
  },
  'GET /sdapi/v1/progress': {
    usedBy: ['job.progress', 'job.cancel'],
    shape: objectWith({ progress: 'number', state: 'object' }),
  },
  'POST /sdapi/v1/interrupt': { usedBy: ['job.cancel', 'interrupt'], shape: anyJson },
  'POST /sdapi/v1/png-info': { usedBy: ['pngInfo'], idempotent: true, shape: objectWith({ info: 'string?' }) },
  'POST /sdapi/v1/interrogate': { usedBy: ['interrogate'], shape: objectWith({ caption: 'string' }) },
  'POST /sdapi/v1/extra-single-image': { usedBy: ['upscale'], shape: upscaled },
  'POST /sdapi/v1/extra-batch-images': { usedBy: ['upscaleBatch'], shape: objectWith({ images: 'array?' }) },
  'GET /sdapi/v1/options': { usedBy: ['getOptions', 'name checks'], shape: objectWith({}) },
  'POST /sdapi/v1/options': { usedBy: ['setOptions', "modelMode: 'sticky'"], shape: anyJson },
  'GET /sdapi/v1/sd-models': { usedBy: ['listModels', 'resolveModel', 'name checks'], shape: listOfObjects },
  'GET /sdapi/v1/sd-vae': { usedBy: ['vaes', 'name checks'], shape: listOfObjects },
  // Forge's, in place of sd-vae: not in the A1111 spec the request loop is typed from.
  'GET /sdapi/v1/sd-modules': { usedBy: ['modules', 'name checks'], shape: listOfObjects, inSpec: false },
  'GET /sdapi/v1/samplers': { usedBy: ['samplers', 'name checks'], shape: listOfObjects },
  'GET /sdapi/v1/schedulers': { usedBy: ['schedulers', 'name checks'], shape: listOfObjects },
  'GET /sdapi/v1/upscalers': { usedBy: ['upscalers', 'name checks'], shape: listOfObjects },
  'GET /sdapi/v1/latent-upscale-modes': { usedBy: ['name checks'], shape: listOfObjects },
  'GET /sdapi/v1/loras': { usedBy: ['loras'], shape: listOfObjects },
  // `loaded`/`skipped`: objects keyed by name (A1111) or lists of names (SD.Next), checked by embeddings().
  'GET /sdapi/v1/embeddings': { usedBy: ['embeddings'], shape: objectWith({}) },
  'GET /sdapi/v1/prompt-styles': { usedBy: ['styles'], shape: listOfObjects },
  'GET /sdapi/v1/memory': { usedBy: ['memory'], shape: objectWith({}) },
  'POST /sdapi/v1/refresh-checkpoints': { usedBy: ["refresh('checkpoints')"], idempotent: true, shape: anyJson },
  'POST /sdapi/v1/refresh-vae': { usedBy: ["refresh('vae')"], idempotent: true, shape: anyJson },
  'POST /sdapi/v1/refresh-embeddings': { usedBy: ["refresh('embeddings')"], idempotent: true, shape: anyJson },
  'POST /sdapi/v1/refresh-loras': { usedBy: ["refresh('loras')"], idempotent: true, shape: anyJson },
  'GET /sdapi/v1/extensions': { usedBy: ['detect'], shape: listOfObjects },
  'GET /internal/sysinfo': { usedBy: ['detect'], shape: objectWith({}) },
  // SD.Next's (its target's spec has it; A1111's does not).
  'GET /sdapi/v1/version': { usedBy: ['detect'], shape: anyJson },
  'GET /openapi.json': { usedBy: ['detect'], shape: objectWith({ paths: 'object' }), inSpec: false },
  'GET /sdapi/v1/scripts': {
    usedBy: ['scripts', 'script checks'],
    shape: objectWith({ txt2img: 'array?', img2img: 'array?' }),
  },
  'GET /sdapi/v1/script-info': { usedBy: ['scripts', 'script checks'], shape: listOfObjects },
  // Extension routes: declared in the extensions' own documents (spec/<target>/extensions/), not the webui's.
  'GET /controlnet/model_list': {
    usedBy: ['controlNet.models', 'name checks'],
    shape: objectWith({ model_list: 'array' }),
    inSpec: false,
  },
  'GET /controlnet/module_list': {
    usedBy: ['controlNet.modules', 'name checks'],
    shape: objectWith({ module_list: 'array', module_detail: 'object?' }),
    inSpec: false,
  },
  'GET /controlnet/control_types': {
    usedBy: ['controlNet.controlTypes'],
    shape: objectWith({ control_types: 'object' }),
    inSpec: false,
  },
  'POST /controlnet/detect': {
    usedBy: ['controlNet.detect'],
    idempotent: true,
    shape: objectWith({ info: 'string', images: 'array?', poses: 'array?', tensor: 'array?' }),
    inSpec: false,
  },
  'GET /adetailer/v1/ad_model': {
    usedBy: ['adetailer.models', 'name checks'],
    shape: objectWith({ ad_model: 'array' }),
    inSpec: false,
  },
} as const satisfies Record<string, OperationDeclaration>;

export type OperationKey = keyof typeof OPERATIONS;

/** The request loop's context over the SDK's operations: `call()` takes only keys of `OPERATIONS`. */
export type SdkCallContext = CallContext<typeof OPERATIONS>;
